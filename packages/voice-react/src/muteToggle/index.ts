export { MuteToggle, type MuteToggleProps } from './MuteToggle';
export { MuteToggleView, type MuteToggleViewProps } from './MuteToggleView';
