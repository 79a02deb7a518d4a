/**
 * Who is on the other end of a request, for per-client limits and for `Secure` cookies
 * behind a TLS proxy. Forwarding headers are read only when the connection itself comes from
 * a configured trusted proxy: anyone else could write whatever they like in them.
 */
const socketAddresses = new WeakMap<Request, string>();

/** Records the TCP peer of a request (`toNodeListener` does it for every request). */
export function setSocketAddress(request: Request, address: string | undefined): void {
  if (address) socketAddresses.set(request, address);
}

/** The TCP peer recorded for a request, if its host adapter recorded one. */
export function socketAddressOf(request: Request): string | undefined {
  return socketAddresses.get(request);
}

/** `::ffff:1.2.3.4` → `1.2.3.4`; lower-case; no zone id. */
export function normaliseAddress(address: string): string {
  const a = address.trim().toLowerCase().replace(/%.*$/, '');
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

/**
 * The bucket per-client limits count under: an IPv4 address, or the /64 of an IPv6 one
 * (one subscriber gets a whole /64, so counting single v6 addresses counts nothing).
 */
export function clientKeyOf(address: string): string {
  const a = normaliseAddress(address);
  if (!a.includes(':')) return a;
  const [head = '', tail = ''] = a.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const full = a.includes('::')
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${full
    .slice(0, 4)
    .map((h) => h.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export interface ClientAddressOptions {
  /** Addresses of the proxies in front of the app whose forwarding headers are believed. */
  trustedProxies?: readonly string[] | undefined;
  /** The host's own way to tell the client address (serverless platforms); wins when set. */
  resolve?: ((request: Request) => string | undefined) | undefined;
}

export interface ClientAddress {
  /** The client's address: the peer, or the last untrusted hop of `X-Forwarded-For`. */
  of(request: Request): string | undefined;
  /** True when the client reached a trusted proxy over TLS (`X-Forwarded-Proto: https`). */
  viaTls(request: Request): boolean;
}

export function createClientAddress(options: ClientAddressOptions = {}): ClientAddress {
  const trusted = new Set((options.trustedProxies ?? []).map(normaliseAddress));
  const fromTrusted = (request: Request) => {
    const peer = socketAddressOf(request);
    return peer !== undefined && trusted.has(normaliseAddress(peer));
  };
  return {
    of(request) {
      if (options.resolve) return options.resolve(request) || undefined;
      const peer = socketAddressOf(request);
      if (!peer || !fromTrusted(request)) return peer;
      // Each proxy appends the address it saw: walk back past our own proxies.
      const hops = (request.headers.get('x-forwarded-for') ?? '')
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean);
      for (let i = hops.length - 1; i >= 0; i--) {
        if (!trusted.has(normaliseAddress(hops[i]!))) return hops[i];
      }
      return hops[0] ?? peer;
    },
    viaTls(request) {
      if (!fromTrusted(request)) return false;
      const proto = request.headers.get('x-forwarded-proto') ?? '';
      return proto.split(',')[0]!.trim().toLowerCase() === 'https';
    },
  };
}
