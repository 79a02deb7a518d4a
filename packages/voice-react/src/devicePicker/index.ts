export { DevicePicker, type DevicePickerProps } from './DevicePicker';
export { DevicePickerView, type DevicePickerViewProps } from './DevicePickerView';
