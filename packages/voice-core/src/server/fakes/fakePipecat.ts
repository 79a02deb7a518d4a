import { randomUUID } from 'node:crypto';
import {
  bearerOf,
  dailyErrorBody,
  type FakeReply,
  type FakeServer,
  type RecordedRequest,
  startFakeServer,
} from './fakeHttp';

export interface FakePipecatOptions {
  /** Accepted API key (default `fake-pipecat-key`). */
  apiKey?: string;
  /** Known agents (default any name). */
  agents?: string[];
  latencyMs?: number;
}

export interface FakePipecatStart {
  agentName: string;
  sessionId: string;
  body: unknown;
}

export interface FakePipecat extends FakeServer {
  /** Every accepted start, in order. */
  starts: FakePipecatStart[];
}

/** A local Pipecat Cloud: `POST /v1/public/{agent}/start`, its only endpoint. */
export async function startFakePipecat(options: FakePipecatOptions = {}): Promise<FakePipecat> {
  const apiKey = options.apiKey ?? 'fake-pipecat-key';
  const starts: FakePipecatStart[] = [];
  const route = (req: RecordedRequest): FakeReply => {
    const match = /^\/v1\/public\/([^/]+)\/start$/.exec(new URL(req.path, 'http://x').pathname);
    if (!match || req.method !== 'POST')
      return { status: 404, body: dailyErrorBody(404, 'not found') };
    if (bearerOf(req) !== apiKey)
      return { status: 401, body: dailyErrorBody(401, 'invalid API key') };
    const agentName = decodeURIComponent(match[1]!);
    if (options.agents && !options.agents.includes(agentName)) {
      return { status: 404, body: dailyErrorBody(404, 'agent not found') };
    }
    const sessionId = randomUUID();
    starts.push({ agentName, sessionId, body: req.body });
    return { status: 200, body: { status: 'started', sessionId } };
  };
  const server = await startFakeServer(
    route,
    options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs },
  );
  return Object.assign(server, { starts });
}
