import { AmanahError } from '../domain/errors.js';
import { tooLarge, type MirrorSource } from './mirror-source.js';

/** How an {@link HttpMirrorSource} retries. */
export interface HttpRetryPolicy {
  /** Attempts per resource, the first included (default 5). */
  readonly attempts: number;
  /** Delay before the first retry, doubled for each further one, with jitter (default 250 ms). */
  readonly baseDelayMs: number;
  /** Upper bound of one delay, including a server's Retry-After (default 10 s). */
  readonly maxDelayMs: number;
  /** Time allowed for one request (default 60 s). */
  readonly timeoutMs: number;
}

const DEFAULT_POLICY: HttpRetryPolicy = {
  attempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  timeoutMs: 60_000,
};

/**
 * Statuses worth another try: the server or a proxy is overloaded or restarting (RFC 9110 §15.6,
 * 429 from RFC 6585). Any other status is an answer: 404 means "not there", the rest are errors.
 */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504]);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Seconds or an HTTP date (RFC 9110 §10.2.3), as milliseconds from now; undefined when absent or bad. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * A mirror served over HTTP(S): the log server itself (`amanah serve`) or any static file server
 * holding an export. Transient failures (network errors, timeouts, 408/425/429/5xx) are retried with
 * exponential back-off; gzip is negotiated by `fetch` (tlog-tiles asks clients to accept it).
 */
export class HttpMirrorSource implements MirrorSource {
  readonly location: string;
  private readonly base: URL;
  private readonly policy: HttpRetryPolicy;
  private readonly fetchImpl: typeof fetch;
  /** Number of retries made so far (for reports and tests). */
  retries = 0;

  constructor(baseUrl: string, options: { retry?: Partial<HttpRetryPolicy>; fetch?: typeof fetch } = {}) {
    let base: URL;
    try {
      base = new URL(baseUrl);
    } catch {
      throw new AmanahError('CONFIG_INVALID', `${JSON.stringify(baseUrl)} is not a URL`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new AmanahError('CONFIG_INVALID', `a mirror URL is http or https, got ${base.protocol}`);
    }
    // Paths are resolved relative to the base, so it must end in a slash to keep its last segment.
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    base.search = '';
    base.hash = '';
    this.base = base;
    this.location = base.href;
    this.policy = { ...DEFAULT_POLICY, ...options.retry };
    this.fetchImpl = options.fetch ?? fetch;
  }

  async read(path: string, maxBytes: number): Promise<Uint8Array | undefined> {
    const url = new URL(path, this.base);
    let lastProblem = '';
    for (let attempt = 1; ; attempt++) {
      let waitMs: number | undefined;
      try {
        const res = await this.fetchImpl(url, {
          headers: { accept: '*/*', 'accept-encoding': 'gzip, identity' },
          signal: AbortSignal.timeout(this.policy.timeoutMs),
          redirect: 'follow',
        });
        if (res.ok) return await this.body(res, path, maxBytes);
        await res.body?.cancel();
        if (res.status === 404 || res.status === 410) return undefined;
        if (!TRANSIENT_STATUSES.has(res.status)) {
          throw new AmanahError(
            'NOT_FOUND',
            `GET ${url.href} answered ${res.status} ${res.statusText}; the mirror does not serve this resource`,
          );
        }
        lastProblem = `HTTP ${res.status}`;
        waitMs = retryAfterMs(res.headers.get('retry-after'));
      } catch (e) {
        if (e instanceof AmanahError) throw e;
        // fetch rejects with a TypeError for network failures and a DOMException for the timeout.
        const cause = (e as { cause?: { code?: string } }).cause?.code;
        lastProblem = cause ?? (e as Error).message;
      }
      if (attempt >= this.policy.attempts) {
        throw new AmanahError(
          'NOT_FOUND',
          `cannot read ${url.href}: ${lastProblem} (tried ${attempt} times); is the mirror reachable?`,
        );
      }
      this.retries++;
      const backoff = this.policy.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random());
      await sleep(Math.min(this.policy.maxDelayMs, waitMs ?? backoff));
    }
  }

  /** Reads a response body, refusing it as soon as it grows beyond `maxBytes`. */
  private async body(res: Response, path: string, maxBytes: number): Promise<Uint8Array> {
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > maxBytes || res.body === null) {
      await res.body?.cancel();
      if (declared > maxBytes) throw tooLarge(this.location, path, maxBytes);
      return new Uint8Array(0);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge(this.location, path, maxBytes);
      }
      chunks.push(value);
    }
    const out = new Uint8Array(size);
    let offset = 0;
    for (const c of chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return out;
  }
}
