import { ANON_COOKIE, ANON_HEADER, type AnonymousIdentity } from './anonymousIdentity';
import type { ClientAddress } from './clientAddress';
import { HttpError } from './httpErrors';
import { checkSameSite } from './originCheck';
import type { SessionStore } from './sessionStore';
import type { VoiceHandlerOptions } from './voiceHandlerOptions';

/** Who is asking, for every browser route: origin, user and the sessions they own. */
export function createRequestIdentity(deps: {
  authenticate: VoiceHandlerOptions['authenticate'];
  anon: AnonymousIdentity;
  anonMaxAgeMs: number;
  basePath: string;
  /** Normalised origins besides the request's own. */
  allowed: ReadonlySet<string>;
  addresses: ClientAddress;
  store: SessionStore;
}) {
  const { authenticate, anon, anonMaxAgeMs, basePath, allowed, addresses, store } = deps;

  /** Browser routes only take requests from the app's own pages (see `checkSameSite`). */
  const sameSite = (request: Request, url: URL) =>
    checkSameSite(request, url, allowed, addresses.viaTls(request));

  /** The caller's user id; `issue` lets an anonymous caller without one be given one. */
  async function identify(request: Request, issue: boolean) {
    if (authenticate) {
      const result = await authenticate(request);
      const userId = typeof result === 'string' ? result : result?.userId;
      if (!userId) throw new HttpError('unauthenticated');
      return { userId, issued: undefined };
    }
    const userId = await anon.read(request);
    if (userId) return { userId, issued: undefined };
    if (!issue) throw new HttpError('unauthenticated');
    const issued = await anon.issue();
    return { userId: issued.userId, issued: issued.value };
  }

  /** The caller's session by id: 404 when there is none, 403 when it is another user's. */
  async function ownedSession(request: Request, sessionId: string, known?: string) {
    const userId = known ?? (await identify(request, false)).userId;
    const record = await store.get(sessionId);
    if (!record) throw new HttpError('session-not-found');
    if (record.userId !== userId) throw new HttpError('forbidden');
    return record;
  }

  /** The anonymous id just issued, as a cookie (and a header for pages that cannot read it). */
  function anonymousHeaders(issued: string | undefined, request: Request, url: URL) {
    const headers = new Headers();
    if (issued) {
      const secure = url.protocol === 'https:' || addresses.viaTls(request) ? '; Secure' : '';
      const maxAge = Math.floor(anonMaxAgeMs / 1000);
      headers.append(
        'set-cookie',
        `${ANON_COOKIE}=${issued}; Path=${basePath || '/'}; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`,
      );
      headers.set(ANON_HEADER, issued);
    }
    return headers;
  }

  return { sameSite, identify, ownedSession, anonymousHeaders };
}

export type RequestIdentity = ReturnType<typeof createRequestIdentity>;
