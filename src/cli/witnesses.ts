import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { AmanahError } from '../domain/errors.js';
import type { Clock } from '../services/clock.js';
import { parseVerifierKey } from '../translog/index.js';
import { buildWitnessApp } from '../witness/witness-app.js';
import type { WitnessEndpoint } from '../witness/witness-client.js';
import { generateWitnessKey, readWitnessKeyFile, writeWitnessKeyFile } from '../witness/witness-key.js';

/**
 * Witnesses that run inside this process, each with its own key and its own state directory, so a
 * newcomer's `npm start` publishes cosigned checkpoints at once. In production each member runs its
 * own (`amanah witness serve`) and the log is told where with `--witness VKEY@URL`.
 */
export async function startLocalWitnesses(
  dir: string,
  origin: string,
  logVerifierKey: string,
  count: number,
  clock: Clock,
): Promise<{ endpoints: WitnessEndpoint[]; close(): Promise<void> }> {
  const apps: FastifyInstance[] = [];
  const endpoints: WitnessEndpoint[] = [];
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (let i = 1; i <= count; i++) {
    const keyFile = join(dir, `witness-${i}.key`);
    if (!existsSync(keyFile))
      await writeWitnessKeyFile(keyFile, generateWitnessKey(`witness-${i}.amanah.local`));
    const key = await readWitnessKeyFile(keyFile);
    const app = await buildWitnessApp({
      signerKey: key.signerKey,
      logs: [{ origin, verifierKeys: [logVerifierKey] }],
      stateDir: join(dir, `witness-${i}`),
      clock,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    apps.push(app);
    const port = (app.server.address() as { port: number }).port;
    endpoints.push({ name: key.name, verifierKey: key.verifierKey, url: `http://127.0.0.1:${port}` });
  }
  return {
    endpoints,
    async close() {
      await Promise.all(apps.map((a) => a.close()));
    },
  };
}

/** `--witness VKEY@URL`: a witness's cosignature/v1 verifier key and where it listens. */
export function parseWitnessOption(value: string): WitnessEndpoint {
  const at = value.indexOf('@');
  if (at < 0) throw new AmanahError('CONFIG_INVALID', `--witness takes VKEY@URL, got "${value}"`);
  const verifierKey = value.slice(0, at);
  const url = value.slice(at + 1);
  let name: string;
  try {
    name = parseVerifierKey(verifierKey).name;
  } catch (e) {
    throw new AmanahError(
      'CONFIG_INVALID',
      `--witness: ${verifierKey} is not a verifier key: ${(e as Error).message}`,
    );
  }
  if (!/^https?:\/\//.test(url))
    throw new AmanahError('CONFIG_INVALID', `--witness: "${url}" is not an http(s) URL`);
  return { name, verifierKey, url };
}
