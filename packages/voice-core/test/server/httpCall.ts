/** Test-only: one JSON request to a handler over loopback HTTP. Not part of the public API. */

export interface CallInit {
  user?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  json: unknown;
  text: string;
}

/** A JSON request to a handler served at `base`, as `init.user` (the `x-test-user` auth). */
export async function httpCall(
  base: string,
  method: string,
  path: string,
  init: CallInit = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.user) headers['x-test-user'] = init.user;
  let body: string | undefined = init.rawBody;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}
