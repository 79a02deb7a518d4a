import type { DailyFactoryOptions } from '@daily-co/daily-js';
import { ConnectionError, VoiceError } from '../errors';
import type { CallFactory, VoiceCall } from './dailyCall';

/**
 * The page's one Daily call object. daily-js throws on a second live instance, so every
 * session in the page goes through this slot: a new call waits for the previous one's
 * teardown (from the moment its end flow began); while another session's call is live and not
 * ending, acquiring fails with `invalid-state`.
 */
let live: { call: VoiceCall; released: Promise<void> | null; owner: CallOwner } | null = null;
/** Who holds the call: its teardown is set when its end flow begins. */
export interface CallOwner {
  readonly teardown: Promise<void> | null;
}
let pendingAcquire: Promise<unknown> = Promise.resolve();
/** Creates the call object through `factory`, once the page's previous one is released. */
export async function acquireCall(
  options: DailyFactoryOptions,
  factory: CallFactory,
  owner: CallOwner = { teardown: null },
): Promise<VoiceCall> {
  const previous = pendingAcquire;
  let done!: () => void;
  pendingAcquire = new Promise<void>((resolve) => {
    done = resolve;
  });
  try {
    await previous;
    if (live) {
      // A call on its way out (its session is ending) is waited for; a live one is not ours.
      const leaving = live.released ?? live.owner.teardown;
      if (!leaving)
        throw new VoiceError('invalid-state', {
          message: 'Another voice session in this page owns the call.',
        });
      await leaving;
    }
    let call: VoiceCall;
    try {
      call = await factory(options);
    } catch (cause) {
      throw cause instanceof VoiceError ? cause : new ConnectionError('call-load', { cause });
    }
    live = { call, released: null, owner };
    return call;
  } finally {
    done();
  }
}

const releases = new WeakMap<VoiceCall, Promise<void>>();

/** Leaves the meeting when joined or joining (a no-op otherwise); a failed leave is swallowed. */
export async function leaveCall(
  call: VoiceCall,
  onError: (error: unknown) => void = () => {},
): Promise<void> {
  try {
    if (call.isDestroyed()) return;
    const state = call.meetingState();
    if (state === 'joined-meeting' || state === 'joining-meeting') await call.leave();
  } catch (error) {
    onError(error);
  }
}

/**
 * Leaves (when still joined or joining) then destroys `call`, exactly once however often it
 * is called; failures of either step are swallowed after being reported, because teardown
 * must always finish.
 */
export function releaseCall(
  call: VoiceCall,
  onError: (error: unknown) => void = () => {},
): Promise<void> {
  const existing = releases.get(call);
  if (existing) return existing;
  const released = (async () => {
    try {
      await leaveCall(call, onError);
      if (!call.isDestroyed()) await call.destroy();
    } catch (error) {
      onError(error);
    } finally {
      if (live?.call === call) live = null;
    }
  })();
  releases.set(call, released);
  if (live?.call === call) live.released = released;
  return released;
}
