/**
 * Counts the real imports of daily-react and daily-js in one test file: a `vi.mock` factory
 * runs once, on the module's first import, so the count is how many times a lazy chunk
 * actually loaded it. The factories pass the real module through. This module imports
 * neither package itself (it is loaded before the mocks are registered):
 *
 * @example
 * const { loads, countDailyReact, countDailyJs } = await vi.hoisted(
 *   () => import('../../test/dailyLoads'),
 * );
 * vi.mock('@daily-co/daily-react', countDailyReact);
 * vi.mock('@daily-co/daily-js', countDailyJs);
 */

/** How many times each package was loaded, in this test file. */
export const loads = { dailyReact: 0, dailyJs: 0 };

/**
 * The ESM build, which bundlers pick ("module"). vitest's SSR resolution picks the CJS
 * "main", which Node then loads outside vitest, so react18's React alias would not reach it.
 */
const DAILY_REACT_ESM = '@daily-co/daily-react/dist/index.esm.js';

/** `vi.mock('@daily-co/daily-react', …)` factory: counts, then loads the real ESM build. */
export async function countDailyReact(): Promise<object> {
  loads.dailyReact += 1;
  return (await import(/* @vite-ignore */ DAILY_REACT_ESM)) as object;
}

/** `vi.mock('@daily-co/daily-js', …)` factory: counts, then returns the real module. */
export function countDailyJs<T>(importOriginal: () => Promise<T>): Promise<T> {
  loads.dailyJs += 1;
  return importOriginal();
}
