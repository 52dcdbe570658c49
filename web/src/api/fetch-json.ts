import { ApiError } from './api-error';

export const apiBase = '/api/v1';

/** Reads `GET /api/v1<path>` and checks its shape with `parse`, which throws on anything unexpected. */
export async function fetchJson<T>(
  path: string,
  parse: (json: unknown) => T,
  signal: AbortSignal,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${apiBase}${path}`, { signal, headers: { accept: 'application/json' } });
  } catch (cause) {
    if (signal.aborted) throw cause;
    throw new ApiError('network', undefined, { cause });
  }
  if (!response.ok) throw new ApiError('http', response.status);
  try {
    return parse(await response.json());
  } catch (cause) {
    throw new ApiError('invalid', response.status, { cause });
  }
}
