import type { Preview } from '@storybook/react-vite';
import { consoleErrorAnnotations } from './consoleErrors.ts';

const preview: Preview = {
  ...consoleErrorAnnotations,
  parameters: {
    layout: 'centered',
    // axe runs on every story; a violation fails the story's test (and shows in the a11y panel).
    a11y: { test: 'error' },
    controls: { matchers: { color: /(background|color)$/i } },
  },
};

export default preview;
