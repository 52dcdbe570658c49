import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './api-error';
import { fetchJson } from './fetch-json';

export type ResourceState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: ApiError }
  | { readonly status: 'ready'; readonly data: T };

export interface Resource<T> {
  readonly state: ResourceState<T>;
  readonly retry: () => void;
}

/**
 * Loads `GET /api/v1<path>` for a component. `parse` must be a stable function (a module-level one),
 * otherwise every render would start a new request.
 */
export function useResource<T>(path: string, parse: (json: unknown) => T): Resource<T> {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<ResourceState<T>>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    fetchJson(path, parse, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: 'error', error: error instanceof ApiError ? error : new ApiError('network') });
      },
    );
    return () => controller.abort();
  }, [path, parse, attempt]);

  const retry = useCallback(() => setAttempt((count) => count + 1), []);
  return { state, retry };
}

/**
 * Like {@link useResource}, for what takes more than one request or is not JSON: `load` runs again
 * whenever `key` changes (or on retry), and must throw an ApiError when it fails.
 */
export function useLoaded<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<ResourceState<T>>({ status: 'loading' });
  // `load` is a new closure on every render; `key` says when it asks for something else.
  const loader = useRef(load);
  loader.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    loader.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: 'error', error: error instanceof ApiError ? error : new ApiError('network') });
      },
    );
    return () => controller.abort();
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((count) => count + 1), []);
  return { state, retry };
}
