export { Transcript, type TranscriptProps } from './Transcript';
export { TranscriptView, type TranscriptViewProps } from './TranscriptView';
