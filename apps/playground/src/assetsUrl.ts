/**
 * Where the playground serves the repository's `assets/` (a Storybook static directory): the Rive
 * avatar at `${ASSETS_URL}/rive/avatars.riv`, the speech clips under `${ASSETS_URL}/audio/`.
 */
export const ASSETS_URL = '/shared-assets';

/** The sample avatar. */
export const AVATAR_URL = `${ASSETS_URL}/rive/avatars.riv`;
