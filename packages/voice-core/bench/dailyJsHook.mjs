/**
 * A Node module-resolution hook for the bench: the real Pipecat peers import daily-js, and
 * here they get the mock's `DailyIframe` instead (the same alias the peers' vitest project
 * uses), so both clients run over the same `MockDailyCall`. The mock's path is resolved by
 * the next hook in the chain (tsx's), so it is loaded as TypeScript, once, like the bench's.
 */
const mock = new URL('../src/testing/mockDailyIframe.ts', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === '@daily-co/daily-js') return next(mock, context);
  return next(specifier, context);
}
