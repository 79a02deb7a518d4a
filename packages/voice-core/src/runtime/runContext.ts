import type { AudioManager } from '../audio/audioManager';
import type { VoiceError } from '../errors';
import type { SessionTimeouts, VoiceSessionOptions } from '../sessionOptions';
import type { SnapshotStore } from '../store/snapshotStore';
import type { ToolRegistry } from '../tools/toolRegistry';
import type { TypedEmitter } from '../util/typedEmitter';
import type { VoiceConfig } from '../voiceConfig';
import type { VoiceEventMap } from '../voiceEvents';
import type { BackendClient } from './backend/backendClient';
import type { CallFactory } from './dailyCall';

/**
 * What a run gets from the session that owns it: the session's long-lived parts (snapshot,
 * events, audio levels, tool registry, backend client) and three callbacks. The run reads
 * nothing else of the session, and the session nothing of the run but its small surface.
 */
export interface RunContext {
  readonly store: SnapshotStore;
  readonly emitter: TypedEmitter<VoiceEventMap>;
  readonly backend: BackendClient;
  /** Creates the call object: the injected factory, or daily-js loaded on demand. */
  readonly createCall: CallFactory;
  readonly options: VoiceSessionOptions;
  readonly config: VoiceConfig;
  readonly timeouts: SessionTimeouts;
  readonly audio: AudioManager;
  readonly tools: ToolRegistry;
  /** When the current mute state was chosen (ms), so a stale update loses at the backend. */
  muteStamp(): number;
  /** A non-fatal failure: kept in the snapshot and emitted as `voice.error`. */
  report(error: VoiceError): void;
  /** The run has released everything; the session may start the next one. */
  released(): void;
}
