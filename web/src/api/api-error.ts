/** Why a request to the API failed: no answer, an error status, or an answer we cannot read. */
export type ApiErrorKind = 'network' | 'http' | 'invalid';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(
      status === undefined ? `API request failed (${kind})` : `API request failed (${kind} ${status})`,
      options,
    );
    this.name = 'ApiError';
  }
}
