import { describe, expect, it } from 'vitest';
import type { EndReason } from '../store/endReason';
import { DEFAULT_END_NOTICES, endNotice } from './endNotice';

describe('endNotice', () => {
  it('tells why a conversation ended that the user did not end, and nothing otherwise', () => {
    const reasons: Array<EndReason | null> = [
      null,
      'user',
      'user-goodbye',
      'bot-goodbye',
      'page-hidden',
      'destroyed',
      'error',
      'replaced',
      'idle-timeout',
      'max-duration',
      'server-ended',
    ];
    expect(reasons.map((r) => endNotice(r))).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      'This conversation continued in another tab.',
      DEFAULT_END_NOTICES['idle-timeout'],
      DEFAULT_END_NOTICES['max-duration'],
      DEFAULT_END_NOTICES['server-ended'],
    ]);
  });

  it('prefers the app’s own wording and falls back to the defaults', () => {
    const notices = { replaced: 'Pearl moved to your other tab.' };
    expect(endNotice('replaced', notices)).toBe('Pearl moved to your other tab.');
    expect(endNotice('max-duration', notices)).toBe(DEFAULT_END_NOTICES['max-duration']);
  });
});
