/**
 * Signed anonymous identities for apps without their own auth: `{id}.{hmac}` carried in a
 * cookie (which `EventSource` and `sendBeacon` send by themselves) or the `x-parley-anon`
 * header. The id ends with its issue time (`anon-{random}-{base36 seconds}`), so an id
 * expires. A forged, expired or missing value gets a fresh id; the handler sends it back in
 * both. A client can always drop its id: per-user limits in this mode are per-client limits
 * at best (see the handler's `addressLimits` and `verifyStart`).
 */
export const ANON_COOKIE = 'parley_anon';
export const ANON_HEADER = 'x-parley-anon';

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export interface AnonymousIdentity {
  /** The verified anonymous user id of the request, if it carries a valid one. */
  read(request: Request): Promise<string | undefined>;
  /** A new id and its signed value. */
  issue(): Promise<{ userId: string; value: string }>;
}

/** How long an anonymous id is honoured, ms (default 30 days). */
export const DEFAULT_ANONYMOUS_MAX_AGE_MS = 30 * 86_400_000;

export interface AnonymousIdentityOptions {
  /** How long an id is honoured after issue, ms. */
  maxAgeMs?: number;
  now?: () => number;
}

/** `secret` keeps ids valid across restarts; without one a random per-process key is used. */
export function createAnonymousIdentity(
  secret?: string,
  options: AnonymousIdentityOptions = {},
): AnonymousIdentity {
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_ANONYMOUS_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  const key = (async () => {
    const raw = secret ? encoder.encode(secret) : crypto.getRandomValues(new Uint8Array(32));
    return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
  })();

  const sign = async (id: string) =>
    base64url(new Uint8Array(await crypto.subtle.sign('HMAC', await key, encoder.encode(id))));

  function candidate(request: Request): string | undefined {
    const header = request.headers.get(ANON_HEADER);
    if (header) return header.trim();
    const cookie = request.headers.get('cookie') ?? '';
    for (const part of cookie.split(';')) {
      const [name, ...rest] = part.trim().split('=');
      if (name === ANON_COOKIE) return rest.join('=');
    }
    return undefined;
  }

  return {
    async read(request) {
      const value = candidate(request);
      const match = value ? /^(anon-[A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
      if (!match) return undefined;
      const [, id, sig] = match;
      const expected = await sign(id!);
      // Both are fixed-length base64url HMACs; compare without early exit.
      let diff = expected.length ^ sig!.length;
      for (let i = 0; i < expected.length; i++)
        diff |= expected.charCodeAt(i) ^ (sig!.charCodeAt(i) || 0);
      if (diff !== 0) return undefined;
      const stamp = id!.slice(id!.lastIndexOf('-') + 1);
      const issuedAt = /^[0-9a-z]{1,10}$/.test(stamp) ? Number.parseInt(stamp, 36) * 1000 : NaN;
      const age = now() - issuedAt;
      // Ids issued before expiry existed have no stamp and fail here: they get a new id.
      return age >= -60_000 && age < maxAgeMs ? id : undefined;
    },
    async issue() {
      const stamp = Math.floor(now() / 1000).toString(36);
      const userId = `anon-${base64url(crypto.getRandomValues(new Uint8Array(16)))}-${stamp}`;
      return { userId, value: `${userId}.${await sign(userId)}` };
    },
  };
}
