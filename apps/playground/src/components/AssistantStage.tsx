import { VoiceAssistant, VoiceSessionProvider } from '@parley/voice-react';
import { useEffect, useState } from 'react';
import type { Clips } from '../scenario/audioClips';
import { createScenario, type Scenario, type ScenarioSpec } from '../scenario/scenario';
import { resumeAudio } from '../scenario/sharedAudioContext';

export interface AssistantStageProps {
  spec: ScenarioSpec;
  clips: Clips;
}

/** `VoiceAssistant`, the one-line widget, on a mock-room scenario. */
export function AssistantStage({ spec, clips }: AssistantStageProps) {
  const [scenario] = useState<Scenario>(() => createScenario(spec, clips));
  useEffect(() => () => void scenario.dispose(), [scenario]);
  return (
    <VoiceSessionProvider session={scenario.session}>
      <div onPointerDownCapture={resumeAudio} onKeyDownCapture={resumeAudio}>
        <VoiceAssistant />
      </div>
    </VoiceSessionProvider>
  );
}
