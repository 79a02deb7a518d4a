/** Where the screenshot run serves the built Storybook (same origin as the test page). */
export const STORYBOOK_BUILD_URL = '/storybook-build';
