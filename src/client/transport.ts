import type { SignedEvent } from '../domain/envelope.js';
import { AmanahError, type ErrorCode, type FieldIssue } from '../domain/errors.js';

export interface SubmitResult {
  index: number;
  id: string;
  type: string;
  status: 'accepted' | 'duplicate';
}

/** Where signed commands go: a server over HTTP, or a command service in the same process. */
export interface Transport {
  submit(event: SignedEvent<unknown>): Promise<SubmitResult>;
  /** Sends a signed event given as its JSON text, as it was signed (see `Signer.signText`). */
  submitText(event: string): Promise<SubmitResult>;
  origin(): Promise<string>;
}

/** Sends signed commands to `POST /api/v1/commands` of a running server. */
export class HttpTransport implements Transport {
  private cachedOrigin: string | undefined;
  constructor(private readonly baseUrl: string) {}

  submit(event: SignedEvent<unknown>): Promise<SubmitResult> {
    return this.submitText(JSON.stringify(event));
  }

  async submitText(event: string): Promise<SubmitResult> {
    const res = await this.request('/api/v1/commands', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: event,
    });
    return (await res.json()) as SubmitResult;
  }

  /** A read from the public API, with errors as AmanahError. */
  async get<T>(path: string): Promise<T> {
    return (await (await this.request(path, {})).json()) as T;
  }

  async origin(): Promise<string> {
    if (this.cachedOrigin === undefined) {
      const res = await this.request('/api/v1/log', {});
      this.cachedOrigin = ((await res.json()) as { origin: string }).origin;
    }
    return this.cachedOrigin;
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), init);
    } catch (e) {
      throw new AmanahError('DATABASE_UNAVAILABLE', `cannot reach ${this.baseUrl}: ${(e as Error).message}`);
    }
    if (!res.ok) {
      const problem = (await res.json().catch(() => ({}))) as {
        code?: ErrorCode;
        detail?: string;
        errors?: FieldIssue[];
      };
      throw new AmanahError(
        problem.code ?? 'INTERNAL',
        problem.detail ?? `HTTP ${res.status} from ${path}`,
        problem.errors ?? [],
      );
    }
    return res;
  }
}
