export { VoiceVisualizer, type VoiceVisualizerProps } from './VoiceVisualizer';
export { VoiceVisualizerView, type VoiceVisualizerViewProps } from './VoiceVisualizerView';
