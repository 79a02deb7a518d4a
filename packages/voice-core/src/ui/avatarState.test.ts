import { describe, expect, it } from 'vitest';
import { type SessionStatus, STATUS_FLAGS } from '../sessionMachine';
import { INITIAL_SNAPSHOT, type VoiceSnapshot } from '../store/voiceSnapshot';
import { sameAvatarState, selectAvatarState } from './avatarState';

function snapshot(
  status: SessionStatus,
  patch: { speaking?: boolean; thinking?: boolean; userSpeaking?: boolean } = {},
): VoiceSnapshot {
  return {
    ...INITIAL_SNAPSHOT,
    status,
    flags: STATUS_FLAGS[status],
    userSpeaking: patch.userSpeaking ?? false,
    bot: {
      ...INITIAL_SNAPSHOT.bot,
      speaking: patch.speaking ?? false,
      thinking: patch.thinking ?? false,
    },
  };
}

describe('selectAvatarState', () => {
  it.each([
    ['no session', snapshot('inactive'), [false, false, false]],
    ['connecting', snapshot('connecting'), [false, false, false]],
    ['active, nobody speaks: the floor is the user’s', snapshot('active'), [false, true, false]],
    ['the user speaks', snapshot('active', { userSpeaking: true }), [false, true, false]],
    ['the bot thinks', snapshot('active', { thinking: true }), [false, false, true]],
    ['the bot speaks', snapshot('active', { speaking: true }), [true, false, false]],
    [
      'the bot speaks while its LLM still streams: speaking wins',
      snapshot('active', { speaking: true, thinking: true }),
      [true, false, false],
    ],
    [
      'the user barges in while the bot speaks',
      snapshot('active', { speaking: true, userSpeaking: true }),
      [true, true, false],
    ],
    [
      'paused (a DailyCall has the mic): not listening',
      snapshot('paused', { userSpeaking: true }),
      [false, false, false],
    ],
    [
      'the bot’s goodbye while disconnecting',
      snapshot('disconnecting', { speaking: true }),
      [true, false, false],
    ],
    ['unavailable', snapshot('unavailable'), [false, false, false]],
  ] as const)('%s', (_, snap, [speaking, listening, thinking]) => {
    expect(selectAvatarState(snap)).toEqual({ speaking, listening, thinking });
  });

  it('sameAvatarState compares the three values', () => {
    const a = { speaking: true, listening: false, thinking: false };
    expect(sameAvatarState(a, { ...a })).toBe(true);
    expect(sameAvatarState(a, { ...a, listening: true })).toBe(false);
    expect(sameAvatarState(a, { ...a, thinking: true })).toBe(false);
    expect(sameAvatarState(a, { ...a, speaking: false })).toBe(false);
  });
});
