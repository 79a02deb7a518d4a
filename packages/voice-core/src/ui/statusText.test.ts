import { describe, expect, it } from 'vitest';
import { BackendError, DeviceError, VoiceError } from '../errors';
import { retryHint } from './statusText';

describe('retryHint', () => {
  it('says when to retry from Retry-After, rounded up to whole seconds', () => {
    expect(retryHint(new BackendError('backend-capacity', { retryAfterMs: 29_100 }))).toBe(
      'Try again in 30 s.',
    );
  });
  it('says a retry may help when retryable without a wait', () => {
    expect(retryHint(new VoiceError('network-lost'))).toBe('You can try again now.');
  });
  it('points at the microphone for device failures, and away from retrying otherwise', () => {
    expect(retryHint(new DeviceError('mic-permission-denied'))).toMatch(/microphone/);
    expect(retryHint(new BackendError('backend-auth'))).toMatch(/will not help/);
  });
});
