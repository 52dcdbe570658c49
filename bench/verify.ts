/**
 * `amanah verify` speed and memory: events per second of `verifyLog` over a directory mirror of a
 * large log, beside bare node:crypto Ed25519 verifies per second on every core measured in the same
 * run (the target is 0.8 of it), and peak memory at two log sizes (it should stay flat: the
 * verifier streams). Each verification runs in a fresh process, so its memory is its own.
 *
 * On a shared machine the rates swing with the load, so the baseline is measured before and after
 * the verifications and the faster of the two kept. Beside the rates, the CPU time per event (all
 * threads, after thread start-up) is compared with the CPU time per bare verification: that ratio
 * is what the rates would give on cores this process had to itself, whatever the load.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signingBytes } from '../src/domain/envelope.js';
import type * as SourceVerifier from '../src/verifier/index.js';
import { governanceEvents, testActors } from '../test/verifier/log-events.js';
import { mirrorKeys, writeMirror } from '../test/verifier/mirror-fixture.js';
import { allCoreVerifyRate, fmt, withPeakRss } from './support.js';

const ORIGIN = 'bench.amanah.local/log';
const N = Number(process.env.BENCH_VERIFY_EVENTS ?? 50_000);
const CHILD = 'AMANAH_BENCH_VERIFY_MIRROR';

interface ChildResult {
  ok: boolean;
  failure?: string;
  entries: number;
  seconds: number;
  /** events/s from the first bundle checked to the last: without thread start-up */
  steady: number;
  /** CPU µs (user + system, every thread) per event over the same stretch */
  cpuPerEvent: number;
  peakMb: number;
  threads: number;
}

type Verifier = typeof SourceVerifier;

/**
 * The verifier the child runs: the compiled one in dist/, as `amanah verify` runs it (its checking
 * threads then load JavaScript; from the TypeScript sources each thread would first compile the
 * verifier's whole module graph, a second or so that no user pays). AMANAH_BENCH_VERIFY_FROM=src
 * measures the sources instead.
 */
async function loadVerifier(): Promise<Verifier> {
  if (process.env.AMANAH_BENCH_VERIFY_FROM === 'src') return import('../src/verifier/index.js');
  const dist = new URL('../dist/verifier/index.js', import.meta.url).href;
  return (await import(dist)) as Verifier;
}

/** In the child: verify the mirror and print the result as one JSON line. */
async function child(dir: string, threads: number | undefined): Promise<void> {
  const { verifyLog, DirectoryMirrorSource } = await loadVerifier();
  let first: { t: number; done: number; cpu: NodeJS.CpuUsage } | undefined;
  let last = { t: 0, done: 0, cpu: process.cpuUsage() };
  const { result: r, peakMb } = await withPeakRss(() =>
    verifyLog(new DirectoryMirrorSource(dir), { threads }, (p) => {
      const t = performance.now();
      const cpu = process.cpuUsage();
      first ??= { t, done: p.done, cpu };
      last = { t, done: p.done, cpu };
    }),
  );
  const steady = first && last.t > first.t ? (last.done - first.done) / ((last.t - first.t) / 1000) : 0;
  const cpuPerEvent =
    first && last.done > first.done
      ? (last.cpu.user + last.cpu.system - first.cpu.user - first.cpu.system) / (last.done - first.done)
      : 0;
  const out: ChildResult = {
    ok: r.ok,
    ...(r.failure ? { failure: r.failure.message } : {}),
    entries: r.entries,
    seconds: r.seconds,
    steady,
    cpuPerEvent,
    peakMb,
    threads: r.signatures.threads,
  };
  console.log(JSON.stringify(out));
}

function runChild(dir: string, threads?: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: {
        ...process.env,
        [CHILD]: dir,
        ...(threads === undefined ? {} : { AMANAH_BENCH_VERIFY_THREADS: String(threads) }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as ChildResult);
      } catch {
        reject(new Error(`the verification process exited with ${code}: ${out}`));
      }
    });
  });
}

export async function benchVerify(): Promise<void> {
  console.log(`\n## Verifying a whole log from a mirror (${fmt(N)} and ${fmt(2 * N)} events)\n`);
  if (process.env.AMANAH_BENCH_VERIFY_FROM !== 'src') {
    // the compiled verifier, built first when the sources are newer (as `npm start` does)
    execFileSync(
      process.execPath,
      [fileURLToPath(new URL('../scripts/build-if-stale.js', import.meta.url))],
      {
        stdio: 'inherit',
      },
    );
  }
  const keys = mirrorKeys(ORIGIN);
  const actors = testActors('bench-');
  const root = mkdtempSync(join(tmpdir(), 'amanah-bench-verify-'));
  try {
    const sizes = [N, 2 * N];
    const dirs: string[] = [];
    let jobs: Array<{ publicKey: string; message: Uint8Array; signature: string }> = [];
    for (const size of sizes) {
      const dir = join(root, String(size));
      const events = governanceEvents(ORIGIN, size - 10, actors);
      if (jobs.length === 0) {
        const publicKeys = new Map(
          [actors.head, actors.clerk, actors.officer].map((s) => [s.keyId, s.publicKey]),
        );
        jobs = events.slice(0, 2000).map((e) => ({
          publicKey: publicKeys.get(e.actor)!,
          message: signingBytes(ORIGIN, e),
          signature: e.sig,
        }));
      }
      await writeMirror(dir, { keys, entries: events });
      dirs.push(dir);
    }
    const before = await bareVerifyRate(jobs);
    const threaded = [await runChild(dirs[0]!), await runChild(dirs[1]!)];
    const inline = await runChild(dirs[0]!, 0);
    const after = await bareVerifyRate(jobs);
    const verify = {
      ...(before.perSecond >= after.perSecond ? before : after),
      // the smaller CPU time per verification: the CPU ratio is not flattered by a slow baseline
      cpuPerVerify: Math.min(before.cpuPerVerify, after.cpuPerVerify),
    };
    for (const r of [...threaded, inline]) if (!r.ok) throw new Error(`verification failed: ${r.failure}`);

    const rate = (r: ChildResult): number => r.entries / r.seconds;
    const ratio = (x: number): string => `${fmt(x / verify.perSecond, 2)} of it`;
    const [a, b] = threaded as [ChildResult, ChildResult];
    console.log(`| measure | ${fmt(N)} events | ${fmt(2 * N)} events |`);
    console.log('|---|---|---|');
    console.log(
      `| bare Ed25519 verifies/s, ${verify.cores} cores (baseline: the faster of ${fmt(before.perSecond)} before and ${fmt(after.perSecond)} after) | ${fmt(verify.perSecond)} | ${fmt(verify.perSecond)} |`,
    );
    console.log(
      `| verifyLog events/s, ${a.threads} threads, end to end | ${fmt(rate(a))} (${ratio(rate(a))}) | ${fmt(rate(b))} (${ratio(rate(b))}) |`,
    );
    console.log(
      `| verifyLog events/s, ${a.threads} threads, after thread start-up (target 0.8) | ${fmt(a.steady)} (${ratio(a.steady)}) | ${fmt(b.steady)} (${ratio(b.steady)}) |`,
    );
    console.log(
      `| verifyLog events/s, on the calling thread, end to end | ${fmt(rate(inline))} (${ratio(rate(inline))}) | — |`,
    );
    const cpuRatio = (r: ChildResult): string =>
      `${fmt(r.cpuPerEvent)} µs (${fmt(verify.cpuPerVerify / r.cpuPerEvent, 2)})`;
    console.log(
      `| CPU per event, all threads, after start-up (bare verify: ${fmt(verify.cpuPerVerify)} µs; ratio) | ${cpuRatio(a)} | ${cpuRatio(b)} |`,
    );
    // CPU seconds per second: below the number of cores when the load took them, or threads waited.
    const busy = (r: ChildResult): string => fmt((r.cpuPerEvent * r.steady) / 1e6, 2);
    console.log(
      `| cores kept busy after start-up (baseline: ${fmt((verify.cpuPerVerify * verify.perSecond) / 1e6, 2)}) | ${busy(a)} | ${busy(b)} |`,
    );
    console.log(`| seconds, ${a.threads} threads | ${fmt(a.seconds, 1)} | ${fmt(b.seconds, 1)} |`);
    console.log(
      `| peak memory (RSS) of the verifying process | ${fmt(a.peakMb)} MB | ${fmt(b.peakMb)} MB (${fmt(b.peakMb / a.peakMb, 2)}× for 2× the log) |\n`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The all-core bare verification rate, with the CPU time (every thread) one verification took. */
async function bareVerifyRate(
  jobs: Array<{ publicKey: string; message: Uint8Array; signature: string }>,
): Promise<{ perSecond: number; cores: number; cpuPerVerify: number }> {
  const ms = 2000;
  const start = process.cpuUsage();
  const rate = await allCoreVerifyRate(jobs, ms);
  const cpu = process.cpuUsage(start);
  return { ...rate, cpuPerVerify: (cpu.user + cpu.system) / (rate.perSecond * (ms / 1000)) };
}

const mirrorDir = process.env[CHILD];
if (mirrorDir !== undefined) {
  const threads = process.env.AMANAH_BENCH_VERIFY_THREADS;
  await child(mirrorDir, threads === undefined ? undefined : Number(threads));
  process.exit(0);
}
