import type { Preview } from '@storybook/react-vite';

/**
 * Fails a story (its test, and its status in the Interactions panel) that logs a console error
 * or warning while it runs. A story whose point is a failure a library logs itself says so with
 * `parameters: { consoleErrors: 'why they are expected' }`.
 */
const logged: unknown[][] = [];

export const consoleErrorAnnotations: Pick<Preview, 'beforeEach' | 'afterEach'> = {
  beforeEach() {
    logged.length = 0;
    const { error, warn } = console;
    console.error = (...args: unknown[]) => {
      logged.push(['error', ...args]);
      error(...args);
    };
    console.warn = (...args: unknown[]) => {
      logged.push(['warn', ...args]);
      warn(...args);
    };
    return () => {
      console.error = error;
      console.warn = warn;
    };
  },
  afterEach({ parameters }) {
    if (parameters.consoleErrors || logged.length === 0) return;
    const lines = logged.map(
      ([level, ...args]) => `${String(level)}: ${args.map(String).join(' ')}`,
    );
    throw new Error(`The story logged to the console:\n${lines.join('\n')}`);
  },
};
