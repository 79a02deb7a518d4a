/**
 * Signed anonymous identities for apps without their own auth: `{id}.{hmac}` carried in a
 * cookie (which `EventSource` and `sendBeacon` send by themselves) or the `x-parley-anon`
 * header. A forged or missing value gets a fresh id; the handler sends it back in both.
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

/** `secret` keeps ids valid across restarts; without one a random per-process key is used. */
export function createAnonymousIdentity(secret?: string): AnonymousIdentity {
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
      return diff === 0 ? id : undefined;
    },
    async issue() {
      const userId = `anon-${base64url(crypto.getRandomValues(new Uint8Array(16)))}`;
      return { userId, value: `${userId}.${await sign(userId)}` };
    },
  };
}
