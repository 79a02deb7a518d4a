/**
 * What the real Pipecat peers need before they are imported, in Node: daily-js resolved to
 * the mock's `DailyIframe` (see `dailyJsHook.mjs`), and a `window` (client-js reads
 * `window.navigator` once, guarded). Import this first, then the peers with `import()`.
 */
import { register } from 'node:module';

register('./dailyJsHook.mjs', import.meta.url);
const g = globalThis as { window?: unknown };
g.window ??= globalThis;
