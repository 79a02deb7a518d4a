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

/** The header the bot signs its webhook with: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-parley-signature';
/** How old (or how far ahead) a signed webhook may be, ms. */
export const DEFAULT_WEBHOOK_TOLERANCE_MS = 5 * 60_000;

async function hmacHex(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(text)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The `x-parley-signature` value for a webhook body: an HMAC-SHA256 of `{t}.{body}` under
 * the shared secret, `t` in unix seconds (as Stripe signs its webhooks). For a bot written
 * in TypeScript; the README shows the same in Python.
 * @example
 * const body = JSON.stringify(event);
 * await fetch(`${backend}/api/voice/webhook`, {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json', 'x-parley-signature': await signWebhook(secret, body) },
 *   body,
 * });
 */
export async function signWebhook(secret: string, body: string, at = Date.now()): Promise<string> {
  const t = Math.floor(at / 1000);
  return `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`;
}

/**
 * True when `header` signs exactly `body` under `secret` within `toleranceMs` of `now`: a
 * changed body, a wrong key or a replay of an old request all fail.
 */
export async function verifyWebhookSignature(
  header: string | null,
  body: string,
  secret: string,
  now: number,
  toleranceMs = DEFAULT_WEBHOOK_TOLERANCE_MS,
): Promise<boolean> {
  const fields = new Map<string, string[]>();
  for (const part of (header ?? '').split(',')) {
    const [k, ...rest] = part.trim().split('=');
    if (k) fields.set(k, [...(fields.get(k) ?? []), rest.join('=')]);
  }
  const t = Number(fields.get('t')?.[0]);
  if (!Number.isInteger(t) || Math.abs(now - t * 1000) > toleranceMs) return false;
  const expected = await hmacHex(secret, `${t}.${body}`);
  let ok = false;
  // Several v1 values are allowed, so a secret can be rotated without downtime.
  for (const candidate of fields.get('v1') ?? []) {
    if (await timingSafeEqual(candidate, expected)) ok = true;
  }
  return ok;
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
      engagedAt: r.engagedAt ?? deps.now(),
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
