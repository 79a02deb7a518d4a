export { type FakeBot, startFakeBot } from './fakeBot';
export {
  decodeMeetingToken,
  type FakeDaily,
  type FakeDailyOptions,
  type FakeDailyRoom,
  type MeetingTokenPayload,
  startFakeDaily,
} from './fakeDaily';
export type { FailNextOptions, FakeServer, RecordedRequest } from './fakeHttp';
export {
  type FakePipecat,
  type FakePipecatOptions,
  type FakePipecatStart,
  startFakePipecat,
} from './fakePipecat';
