export { VoiceStatus, type VoiceStatusProps } from './VoiceStatus';
export { VoiceStatusView, type VoiceStatusViewProps } from './VoiceStatusView';
