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
  /** Accepted public key, for `/start` (default `fake-pipecat-key`). */
  apiKey?: string;
  /** Accepted private key, for stopping a session (default `fake-pipecat-private-key`). */
  privateKey?: string;
  /** Known agents (default any name). */
  agents?: string[];
  latencyMs?: number;
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number;
}

export interface FakePipecatStart {
  agentName: string;
  sessionId: string;
  body: unknown;
}

export interface FakePipecat extends FakeServer {
  /** Every accepted start, in order. */
  starts: FakePipecatStart[];
  /** Every accepted stop (`DELETE …/sessions/{id}` of a running session), in order. */
  stops: Array<{ agentName: string; sessionId: string }>;
  /** Agent sessions started and not stopped. */
  running(): string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A local Pipecat Cloud: `POST /v1/public/{agent}/start` (public key) answers as the real one
 * does (`{ sessionId }`, plus `dailyRoom`/`dailyToken` when it made the room), and
 * `DELETE /v1/agents/{agent}/sessions/{sessionId}` (private key) stops a session: 400 on a
 * malformed id, 404 on an unknown or already stopped one.
 */
export async function startFakePipecat(options: FakePipecatOptions = {}): Promise<FakePipecat> {
  const apiKey = options.apiKey ?? 'fake-pipecat-key';
  const privateKey = options.privateKey ?? 'fake-pipecat-private-key';
  const starts: FakePipecatStart[] = [];
  const stops: FakePipecat['stops'] = [];
  const running = new Map<string, string>();
  const route = (req: RecordedRequest): FakeReply => {
    const path = new URL(req.path, 'http://x').pathname;
    const stop = /^\/v1\/agents\/([^/]+)\/sessions\/([^/]+)$/.exec(path);
    if (stop && req.method === 'DELETE') {
      if (bearerOf(req) !== privateKey)
        return { status: 401, body: dailyErrorBody(401, 'invalid API key') };
      const agentName = decodeURIComponent(stop[1]!);
      const sessionId = decodeURIComponent(stop[2]!);
      if (!UUID.test(sessionId))
        return { status: 400, body: dailyErrorBody(400, 'invalid session id') };
      if (running.get(sessionId) !== agentName)
        return { status: 404, body: dailyErrorBody(404, 'session not found') };
      running.delete(sessionId);
      stops.push({ agentName, sessionId });
      return { status: 200, body: {} };
    }
    const match = /^\/v1\/public\/([^/]+)\/start$/.exec(path);
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
    running.set(sessionId, agentName);
    const createdRoom =
      (req.body as { createDailyRoom?: unknown } | null)?.createDailyRoom === true;
    return {
      status: 200,
      body: createdRoom
        ? {
            dailyRoom: `https://fake.daily.co/pcc-${sessionId.slice(0, 8)}`,
            dailyToken: `fake-token-${sessionId}`,
            sessionId,
          }
        : { sessionId },
    };
  };
  const server = await startFakeServer(route, {
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  return Object.assign(server, { starts, stops, running: () => [...running.keys()] });
}
