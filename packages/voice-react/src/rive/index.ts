/**
 * `@parley/voice-react/rive` — the bot's avatar as a Rive state machine driven by the voice
 * session. The only entry of this package that imports Rive (`@rive-app/react-canvas`, an
 * optional peer): an app that shows no avatar never downloads it. Import this entry lazily
 * where the avatar appears.
 *
 * The app serves both the `.riv` and the runtime's `rive.wasm` itself — the wasm is never
 * fetched from a CDN, and assets referenced from Rive's CDN are not loaded.
 *
 * @example
 * // Vite: the wasm that ships with @rive-app/canvas, self-hosted.
 * import wasmUrl from '@rive-app/canvas/rive.wasm?url';
 * import { RiveAvatar } from '@parley/voice-react/rive';
 *
 * <VoiceSessionProvider session={session}>
 *   <RiveAvatar
 *     src="/avatars.riv"
 *     wasmUrl={wasmUrl}
 *     artboard="Avatar 1"
 *     stateMachine="avatar"
 *     inputs={{ speaking: 'isHappy' }}
 *     label="Assistant"
 *     className="size-24"
 *     onError={(error) => telemetry.warn(error.code, error.message)}
 *   />
 * </VoiceSessionProvider>
 *
 * @packageDocumentation
 */
export { type AvatarVoiceState, selectAvatarState } from '@parley/voice-core/ui';
export { RiveAvatar, type RiveAvatarProps } from './RiveAvatar';
export {
  RiveAvatarError,
  type RiveAvatarErrorCode,
  type RiveAvatarErrorOptions,
} from './RiveAvatarError';
export type { AvatarPhase, RiveAvatarBaseProps } from './riveAvatarProps';
export { RiveAvatarView, type RiveAvatarViewProps } from './RiveAvatarView';
export { StaticAvatar } from './StaticAvatar';
export type { RiveAvatarInputs } from './useAvatarInputs';
export { usePrefersReducedMotion } from '../hooks/usePrefersReducedMotion';
