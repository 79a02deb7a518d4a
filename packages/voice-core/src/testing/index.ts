/**
 * `@parley/voice-core/testing`: a mock Daily room, a mock Pipecat bot that speaks real RTVI,
 * a mock backend and leak checks. Runs in Node and in the browser (no Node-only APIs), so
 * the same mock drives unit tests, product teams' tests and the Storybook playground.
 */
export {
  type ConversationScript,
  type ConversationStep,
  DEFAULT_CONVERSATION,
  GOODBYE_CONVERSATION,
  splitSentences,
  stepEnd,
} from './conversationScript.js';
export { DailyEmitter, type DailyHandler } from './dailyEmitter.js';
export { FakeMediaStreamTrack } from './fakeMediaStreamTrack.js';
export {
  assertNoLeftovers,
  findLeftovers,
  type LeakTrackable,
  type LeftoverCheckOptions,
  releaseLeftovers,
} from './leftovers.js';
export { createPrng, hashUnit, noiseLevel, silenceLevel, speechLevel } from './levelCurves.js';
export { MALFORMED_KINDS, malformedMessage } from './malformedMessages.js';
export {
  createMockBackend,
  type MockBackend,
  type MockBackendFailure,
  type MockBackendOptions,
  type MockBackendRequest,
  type MockBackendSession,
} from './mockBackend.js';
export { MockCallBase } from './mockCallBase.js';
export {
  type ClientMessage,
  type FunctionCallReportLevel,
  MockBot,
  type MockBotMode,
  type MockBotOptions,
  type MockBotState,
  type MockBotVoice,
  type MockServerTool,
} from './mockBot.js';
export type { MockMicState } from './localMic.js';
export type { MockCallRecord } from './mockCallBase.js';
export { type DailyJsSurface, MAX_APP_MESSAGE_SIZE, MockDailyCall } from './mockDailyCall.js';
export { MockCallDevices } from './mockCallDevices.js';
export { MOCK_DEVICES } from './mockDevices.js';
export { MockDailyIframe } from './mockDailyIframe.js';
export { type MockParticipantOptions, mockParticipant } from './mockParticipant.js';
export {
  createMockRoom,
  type DropNetworkOptions,
  MockRoom,
  type MockRoomOptions,
} from './mockRoom.js';
export { compileScript, type TimelineAction, type TimelineFaults } from './scriptTimeline.js';
export { connectTestClient, type TestClient, type TestClientOptions } from './testClient.js';
export { type AdvanceTime, settle } from './settle.js';
