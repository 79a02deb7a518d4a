import * as v from 'valibot';
import {
  type BackendEvent,
  BackendEventSchema,
  type WebhookEvent,
} from '../runtime/backend/backendProtocol';
import { HttpError } from './httpErrors';
import type { SessionService } from './sessionService';
import type { SessionStore } from './sessionStore';

const encoder = new TextEncoder();
let compareKey: Promise<CryptoKey> | undefined;

/**
 * Constant-time string equality. Both sides are HMAC'd under a random per-process key first,
 * so the comparison runs over equal-length digests whatever the inputs' lengths.
 */
export async function timingSafeEqual(a: string, b: string): Promise<boolean> {
  compareKey ??= crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const key = await compareKey;
  const [da, db] = await Promise.all([
    crypto.subtle.sign('HMAC', key, encoder.encode(a)),
    crypto.subtle.sign('HMAC', key, encoder.encode(b)),
  ]);
  const x = new Uint8Array(da);
  const y = new Uint8Array(db);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}

/** True when the request carries `Authorization: Bearer <secret>`. */
export async function hasBearer(request: Request, secret: string): Promise<boolean> {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return timingSafeEqual(match?.[1] ?? '', secret);
}

/** Printable, no spaces: event ids travel in the SSE `id:` line, so no newline may sneak in. */
const SAFE_ID = /^[\x21-\x7e]+$/;

/**
 * The browser-facing event for a webhook event, or undefined when its `data` does not fit
 * the event type (the caller answers 400).
 */
export function toBackendEvent(event: WebhookEvent): BackendEvent | undefined {
  if (!SAFE_ID.test(event.id)) return undefined;
  const candidate = { id: event.id, type: event.type, data: event.data };
  const parsed = v.safeParse(BackendEventSchema, candidate);
  return parsed.success ? parsed.output : undefined;
}

/** User speech must not reach the browser (or count as activity) while the user is muted. */
export function isDroppedWhileMuted(event: BackendEvent): boolean {
  return event.type === 'transcript' && event.data.role === 'user';
}

export interface WebhookIngestDeps {
  store: SessionStore;
  service: SessionService;
  now: () => number;
}

export type WebhookOutcome = 'delivered' | 'duplicate' | 'muted' | 'ended';

/**
 * Applies one authenticated bot event: dedupe by id, drop user speech while muted, count
 * activity and usage, relay to the browser, and end the session on `goodbye`.
 */
export async function ingestWebhook(
  event: WebhookEvent,
  deps: WebhookIngestDeps,
): Promise<WebhookOutcome> {
  const backendEvent = toBackendEvent(event);
  if (!backendEvent) throw new HttpError('bad-request', { message: 'Invalid webhook event.' });
  const record = await deps.store.get(event.sessionId);
  if (!record) throw new HttpError('session-not-found');
  if (record.status === 'ended') return 'ended';
  const dedupeKey = `parley:webhook:${event.sessionId}:${event.id}`;
  const fresh = await deps.store.setIfAbsent(dedupeKey, '1', DEDUPE_TTL_MS);
  if (!fresh) return 'duplicate';
  if (record.muted && isDroppedWhileMuted(backendEvent)) return 'muted';

  if (backendEvent.type === 'transcript') {
    const { role, text, final } = backendEvent.data;
    await deps.store.update(record.id, (r) => ({
      ...r,
      lastActiveAt: deps.now(),
      // One LLM call per final bot turn; its text is what TTS speaks.
      llmCalls: r.llmCalls + (role === 'bot' && final ? 1 : 0),
      ttsChars: r.ttsChars + (role === 'bot' && final ? text.length : 0),
    }));
  }
  try {
    await deps.service.publish(record.id, backendEvent);
  } catch (error) {
    // Not relayed: forget the id so the bot's retry is not taken for a duplicate.
    await deps.store.deleteValue(dedupeKey).catch(() => {});
    throw error;
  }
  if (backendEvent.type === 'goodbye') await deps.service.end(record.id, 'goodbye');
  return 'delivered';
}

const DEDUPE_TTL_MS = 60 * 60_000;
