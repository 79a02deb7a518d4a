import { errorResponse, HttpError } from './httpErrors';
import { errorFields, type VoiceLogger } from './logger';
import { StoreUnavailableError } from './storeUnavailableError';

/** One method of one path: answers, or throws an `HttpError` the router turns into JSON. */
export type Route = (request: Request, url: URL) => Promise<Response>;

/** Path (below the base path) → method → route. */
export type RouteTable = Record<string, Partial<Record<string, Route>>>;

/**
 * The Fetch handler over a route table: finds the route (404, 405 with `Allow`), and maps
 * every failure to a JSON error so nothing escapes to the host as a raw exception.
 */
export function createRouter(
  routes: RouteTable,
  options: { basePath: string; logger: VoiceLogger },
): (request: Request) => Promise<Response> {
  const { basePath, logger } = options;
  return async (request) => {
    try {
      const url = new URL(request.url);
      const path = url.pathname.startsWith(basePath)
        ? url.pathname.slice(basePath.length)
        : undefined;
      const key = path === undefined ? undefined : path.replace(/\/+$/, '') || '/';
      // Own keys only: a path such as `/constructor` or `/__proto__` is not a route.
      const methods = key !== undefined && Object.hasOwn(routes, key) ? routes[key] : undefined;
      if (!methods) throw new HttpError('not-found');
      const method = request.method.toUpperCase();
      const route = Object.hasOwn(methods, method) ? methods[method] : undefined;
      if (!route) throw new HttpError('method-not-allowed', { allow: Object.keys(methods) });
      return await route(request, url);
    } catch (error) {
      if (error instanceof StoreUnavailableError) {
        return errorResponse(
          new HttpError('store-unavailable', { retryAfterMs: error.retryAfterMs, cause: error }),
        );
      }
      if (!(error instanceof HttpError)) logger.error('unexpected failure', errorFields(error));
      return errorResponse(error);
    }
  };
}
