import type { Preview } from '@storybook/react-vite';
import { withTheme } from '../apps/playground/src/stories/ThemeFrame';
import { consoleErrorAnnotations } from './consoleErrors.ts';

const preview: Preview = {
  ...consoleErrorAnnotations,
  // Every component gets a Docs page: props from TSDoc, the stories with their code.
  tags: ['autodocs'],
  globalTypes: {
    theme: {
      description: 'The theme of @parley/voice-react/styles.css the stories render in',
      toolbar: {
        title: 'Theme',
        icon: 'contrast',
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
          { value: 'system', title: 'As the system (prefers-color-scheme)', icon: 'browser' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
  decorators: [withTheme],
  parameters: {
    layout: 'centered',
    // axe runs on every story; a violation fails the story's test (and shows in the a11y panel).
    a11y: { test: 'error' },
    controls: {
      matchers: { color: /(background|color)$/i },
      expanded: true,
      sort: 'requiredFirst',
    },
    docs: { codePanel: true, source: { type: 'dynamic' } },
    options: {
      storySort: {
        order: ['Introduction', 'Theming', 'Migrating from VAPI', 'Components', 'Playground'],
      },
    },
  },
};

export default preview;
