import wasmUrl from '@rive-app/canvas/rive.wasm?url'; // self-hosted: Vite serves it from this app
import { lazy, Suspense } from 'react';

// Rive loads only with the avatar, in a chunk of its own.
const RiveAvatar = lazy(() =>
  import('@parley/voice-react/rive').then((m) => ({ default: m.RiveAvatar })),
);

/**
 * The sample avatar (public/avatars.riv, MIT, from Rive): its state machine `avatar` has the
 * booleans `isHappy` and `isSad`, so the bot's speech drives `isHappy` and the user's turn
 * `isSad`. `?url` resolves because @rive-app/canvas is a direct dependency of this app.
 */
export function Avatar() {
  return (
    <Suspense fallback={<div style={{ width: 128, height: 128 }} />}>
      <RiveAvatar
        data-testid="avatar"
        style={{ width: 128, height: 128 }}
        src="/avatars.riv"
        wasmUrl={wasmUrl}
        stateMachine="avatar"
        inputs={{ speaking: 'isHappy', listening: 'isSad' }}
        label="The assistant"
      />
    </Suspense>
  );
}
