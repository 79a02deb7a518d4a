import type { DailyBrowserInfo, DailyFactoryOptions } from '@daily-co/daily-js';
import { MockDailyCall } from './mockDailyCall.js';
import type { MockRoom } from './mockRoom.js';

let bound: MockRoom | null = null;

/**
 * daily-js's default export (`DailyIframe`), backed by `MockDailyCall`: for code that imports
 * daily-js itself (the official `@pipecat-ai/daily-transport`, a product's own call code).
 * Alias the module to `@parley/voice-core/testing/daily-js` and bind a room:
 *
 * @example
 * // vitest.config.ts: resolve.alias { '@daily-co/daily-js': '@parley/voice-core/testing/daily-js' }
 * const room = createMockRoom();
 * const unbind = MockDailyIframe.bindRoom(room);
 * const client = new PipecatClient({ transport: new DailyTransport() }); // creates a MockDailyCall
 */
export const MockDailyIframe = {
  /** Calls created from now on join `room`; returns the unbinder. */
  bindRoom(room: MockRoom): () => void {
    bound = room;
    return () => {
      if (bound === room) bound = null;
    };
  },
  /** Like `DailyIframe.createCallObject`: one live instance unless `allowMultipleCallInstances`. */
  createCallObject(properties: DailyFactoryOptions = {}): MockDailyCall {
    if (!bound) {
      throw new Error(
        'MockDailyIframe.createCallObject: no mock room bound; call MockDailyIframe.bindRoom(room) first',
      );
    }
    return bound.createCallObject(properties);
  },
  /** Like `DailyIframe.getCallInstance`: the live (not destroyed) call object, if any. */
  getCallInstance(callClientId?: string): MockDailyCall | undefined {
    return MockDailyCall.liveInstance(callClientId);
  },
  supportedBrowser(): DailyBrowserInfo {
    return {
      supported: true,
      mobile: false,
      name: 'Chrome',
      version: '140.0',
      supportsFullscreen: true,
      supportsScreenShare: true,
      supportsSfu: true,
      supportsVideoProcessing: false,
      supportsAudioProcessing: false,
    };
  },
  /** The daily-js version whose declarations the mock is checked against. */
  version(): string {
    return '0.92.2';
  },
};

export default MockDailyIframe;
