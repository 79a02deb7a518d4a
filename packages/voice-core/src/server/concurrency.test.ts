import { afterEach, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../test/server/testHarness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

it('200 concurrent starts under a cap of 5 admit exactly 5', async () => {
  h = await startHarness({ handler: { limits: { maxConcurrent: 5 } } });
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) => h.start(`user-${i}`)));
  const admitted = results.filter((r) => r.status === 200).length;
  const refused = results.filter((r) => r.status === 429);
  console.log(`[concurrency] 200 starts, cap 5: admitted=${admitted} refused=${refused.length}`);
  expect(admitted).toBe(5);
  expect(refused).toHaveLength(195);
  for (const r of refused) {
    expect(r.json).toMatchObject({ error: { code: 'capacity' } });
    expect(r.headers.get('retry-after')).toBe('15');
  }
  expect(h.daily.rooms.size).toBe(5);
  await h.handler.settled();
  expect(h.pipecat.starts).toHaveLength(5);
});
