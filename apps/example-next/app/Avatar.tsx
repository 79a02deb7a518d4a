'use client';
import dynamic from 'next/dynamic';

// Rive (its runtime and the wasm) loads in the browser only, and only where the avatar shows.
const RiveAvatar = dynamic(() => import('@parley/voice-react/rive').then((m) => m.RiveAvatar), {
  ssr: false,
  loading: () => <div className="size-32" />,
});

/**
 * The sample avatar (public/avatars.riv, MIT, from Rive): its state machine `avatar` has the
 * booleans `isHappy` and `isSad`, so the bot's speech drives `isHappy` and the user's turn
 * `isSad`. `/rive.wasm` is copied from @rive-app/canvas by `scripts/copy-rive-wasm.mjs`.
 */
export function Avatar() {
  return (
    <RiveAvatar
      data-testid="avatar"
      className="size-32"
      src="/avatars.riv"
      wasmUrl="/rive.wasm"
      stateMachine="avatar"
      inputs={{ speaking: 'isHappy', listening: 'isSad' }}
      label="The assistant"
    />
  );
}
