import { describe, expect, it } from 'vitest';
import type { VoiceError } from '../../errors';
import { BoundedIdSet } from '../../util/boundedIdSet';
import type { VoiceCall } from '../dailyCall';
import { attachEventBridge, type BridgeHandlers, CALL_MACHINE_LOAD } from './eventBridge';

/** A call object that only records the bridge's listeners, so a test can fire daily-js's exact payloads. */
function recordingCall() {
  const listeners = new Map<string, (e: unknown) => void>();
  const call = {
    on: (type: string, fn: (e: unknown) => void) => listeners.set(type, fn),
    off: (type: string) => listeners.delete(type),
  } as unknown as VoiceCall;
  return { call, fire: (type: string, e: unknown) => listeners.get(type)?.(e), listeners };
}

function fatalOf(payload: unknown): VoiceError | null {
  const { call, fire } = recordingCall();
  let fatal: VoiceError | null = null;
  const noop = () => {};
  const handlers = new Proxy({} as BridgeHandlers, {
    get: (_, key) =>
      key === 'fatal'
        ? (e: VoiceError) => {
            fatal = e;
          }
        : noop,
  });
  const detach = attachEventBridge(call, handlers, new BoundedIdSet(10));
  fire('error', payload);
  detach();
  return fatal;
}

describe('event bridge: daily-js fatal errors', () => {
  it("a call machine that cannot load is call-load with a fix, not 'The connection was lost'", () => {
    // daily-js 0.92's payload when its call-object bundle fails to load (offline, CSP).
    const error = fatalOf({
      action: 'error',
      errorMsg: 'Failed to load call object bundle.',
      error: {
        type: 'connection-error',
        msg: 'Failed to load call object bundle.',
        details: {
          on: 'load',
          sourceError: { msg: 'net::ERR_FAILED' },
          bundleUrl: 'https://c.daily.co/x.js',
        },
      },
    });
    expect(error?.code).toBe('call-load');
    expect(error?.name).toBe('ConnectionError');
    expect(error?.message).toBe(CALL_MACHINE_LOAD);
    expect(error?.message).toContain('callObjectBundleUrlOverride');
  });

  it('a connection error after the load is still network-lost', () => {
    const error = fatalOf({
      action: 'error',
      errorMsg: 'network',
      error: { type: 'connection-error', msg: 'lost', details: { on: 'join' } },
    });
    expect(error?.code).toBe('network-lost');
  });
});
