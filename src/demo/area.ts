import type { SignedEvent } from '../domain/envelope.js';
import type { Signer } from '../client/signer.js';
import type { Random } from './random.js';

/** One command of the demo, signed when it is consumed. */
export interface Step {
  signer: Signer;
  type: string;
  /** a payload, or one built from events signed earlier in the demo (an approval cites its proposal) */
  payload:
    | Record<string, unknown>
    | ((signed: ReadonlyMap<string, SignedEvent<unknown>>) => Record<string, unknown>);
  /** remember the signed event under this name */
  ref?: string;
  /**
   * Sign it this many hours before the demo runs (an expired proposal needs a past). Honoured only by a
   * run that allows backdating (`amanah demo`, `serve`); other runs sign it at the current time.
   */
  signedHoursAgo?: number;
  /**
   * Files kept off the log that the step's payload cites by SHA-256 (a verification's photos): handed
   * to the run's evidence store once the step is recorded, where the run has one.
   */
  evidence?: ReadonlyArray<{ sha256: string; mediaType: string; data: Uint8Array }>;
}

/** What an area's demo steps may use: the core's actors, a deterministic random source, the scale. */
export interface DemoContext {
  readonly seed: number;
  /** 1 for the everyday demo; larger for benchmarks */
  readonly scale: number;
  readonly origin: string;
  /** this area's own random stream (seeded by the demo seed and the area name) */
  readonly rnd: Random;
  /**
   * A signer registered by the core demo: 'secretariat-head', 'secretariat-access',
   * 'secretariat-monitor-1', 'qatar-signatory', 'pal-governance-1', 'mopwh-officer',
   * 'contractor-0001-officer' …; throws on a name the core never registered.
   */
  signer(name: string): Signer;
  /** The proposal hash an approval must cite, for a proposal step signed earlier with `ref`. */
  cite(ref: string): (signed: ReadonlyMap<string, SignedEvent<unknown>>) => string;
  /** How many generated contractors the core registered ('contractor-0001' …). */
  readonly contractors: number;
}

/**
 * A part of the demo owned by one area (access, projects …). Its steps run after the core's, in the
 * order of DEMO_AREAS; `size` must say exactly how many steps it yields for a scale (progress bars
 * and a check in the tests rely on it).
 */
export interface DemoArea {
  readonly name: string;
  size(scale: number): number;
  steps(ctx: DemoContext): Iterable<Step>;
}
