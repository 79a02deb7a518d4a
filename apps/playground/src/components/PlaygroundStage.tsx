import wasmUrl from '@rive-app/canvas/rive.wasm?url';
import {
  AssistantButton,
  BotAudio,
  VoiceSessionProvider,
  VoiceStatus,
  VoiceVisualizer,
} from '@parley/voice-react';
import { RiveAvatar } from '@parley/voice-react/rive';
import { type ReactNode, useEffect, useState } from 'react';
import { AVATAR_URL } from '../assetsUrl';
import type { Clips } from '../scenario/audioClips';
import { createScenario, type Scenario, type ScenarioSpec } from '../scenario/scenario';
import { resumeAudio } from '../scenario/sharedAudioContext';
import { EventLog } from './EventLog';
import { styles } from './playgroundStyles';
import { TranscriptView } from './TranscriptView';
import { VoiceMeters } from './VoiceMeters';

export interface PlaygroundStageProps {
  spec: ScenarioSpec;
  clips: Clips;
  /** Under the button: what the story is about, and any controls it adds. */
  children?: ReactNode;
  /** Shows the Rive avatar (default true). */
  avatar?: boolean;
}

/**
 * One scenario on screen: the avatar, the button, the bot's audio and the levels on the left;
 * the transcript and the event timeline on the right. Unmounting ends the session and frees
 * the room, the backend and the audio.
 */
export function PlaygroundStage({ spec, clips, children, avatar = true }: PlaygroundStageProps) {
  const [scenario] = useState<Scenario>(() => createScenario(spec, clips));
  useEffect(() => () => void scenario.dispose(), [scenario]);
  return (
    <VoiceSessionProvider session={scenario.session}>
      {/* A click anywhere here is a gesture: the page's AudioContext may start now. */}
      <div style={styles.stage} onPointerDownCapture={resumeAudio} onKeyDownCapture={resumeAudio}>
        <div style={styles.column}>
          {avatar && (
            <RiveAvatar
              src={AVATAR_URL}
              wasmUrl={wasmUrl}
              artboard="Avatar 1"
              stateMachine="avatar"
              inputs={{ speaking: 'isHappy', listening: 'isSad' }}
              label="Assistant avatar"
              style={styles.avatar}
              onRiveReady={(rive) => {
                scenario.avatar = rive;
              }}
            />
          )}
          <VoiceVisualizer who="bot" />
          <AssistantButton />
          <VoiceStatus />
          <BotAudio />
          <VoiceMeters />
          {children}
        </div>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
          <TranscriptView />
          <EventLog />
        </div>
      </div>
    </VoiceSessionProvider>
  );
}
