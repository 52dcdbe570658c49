import { Worker, type WorkerOptions } from 'node:worker_threads';
import { AmanahError, isAmanahError, type ErrorCode, type FieldIssue } from '../domain/errors.js';

/**
 * Starts a worker thread on the module `name` that lies next to the module `from` (its
 * `import.meta.url`). From compiled JavaScript (dist/) that is the `.js` file. From the TypeScript
 * sources (tests, benchmarks) it is the `.ts` file, and the worker registers tsx first: tsx's loader
 * does not register itself in worker threads, even where the process was started with it. `preload`
 * names plain-JavaScript packages to load before tsx is registered, so that its loader does not have
 * to see their many files on the way (zod, most of what a worker of ours loads: the worker then
 * starts in half the time).
 */
export function startModuleWorker(
  from: string,
  name: string,
  options: WorkerOptions = {},
  preload: readonly string[] = ['zod'],
): Worker {
  if (!from.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, from), options);
  const q = (s: string) => JSON.stringify(s);
  const steps = [
    ...preload.map((p) => `() => import(${q(import.meta.resolve(p))})`),
    `() => import(${q(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => register())`,
    `() => import(${q(new URL(`./${name}.ts`, from).href)})`,
  ];
  const bootstrap = `${steps.reduce((chain, step) => `${chain}.then(${step})`, 'Promise.resolve()')};`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** A failure carried between threads: an AmanahError keeps its code, issues and details. */
export type ThreadError =
  | {
      code: ErrorCode;
      message: string;
      issues: readonly FieldIssue[];
      details: Readonly<Record<string, unknown>>;
    }
  | { code?: undefined; message: string };

/** An error as it crosses a thread. */
export function toThreadError(e: unknown): ThreadError {
  if (isAmanahError(e)) return { code: e.code, message: e.message, issues: e.issues, details: e.details };
  return { message: e instanceof Error ? e.message : String(e) };
}

/** The error again on the other side: an AmanahError stays one. */
export function fromThreadError(e: ThreadError): Error {
  return e.code === undefined
    ? new Error(e.message)
    : new AmanahError(e.code, e.message, e.issues, e.details);
}
