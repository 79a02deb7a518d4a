export { VoiceAssistant, type VoiceAssistantProps } from './VoiceAssistant';
export { VoiceAssistantView, type VoiceAssistantViewProps } from './VoiceAssistantView';
