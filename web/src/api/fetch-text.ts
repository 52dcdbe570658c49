import { ApiError } from './api-error';

/** Reads a text resource of the server (such as `/log/checkpoint`, a signed note). */
export async function fetchText(path: string, signal: AbortSignal): Promise<string> {
  let response: Response;
  try {
    response = await fetch(path, { signal, headers: { accept: 'text/plain' } });
  } catch (cause) {
    if (signal.aborted) throw cause;
    throw new ApiError('network', undefined, { cause });
  }
  if (!response.ok) throw new ApiError('http', response.status);
  return response.text();
}
