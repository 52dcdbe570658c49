/**
 * The witness state store on real files: one file per origin named by its SHA-256, atomic
 * replacement, per-origin serialisation, and refusals to roll back, to fork or to guess.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { AmanahError } from '../../src/domain/errors.js';
import {
  WitnessStateStore,
  originHash,
  type StoredWitnessState,
} from '../../src/witness/witness-state-store.js';
import { sleep, tempDir } from './support.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

async function openStore(): Promise<{ store: WitnessStateStore; dir: string }> {
  const dir = await tempDir();
  cleanups.push(dir.remove);
  return { store: await WitnessStateStore.open(join(dir.path, 'state')), dir: join(dir.path, 'state') };
}

function state(origin: string, size: number, fill = size): StoredWitnessState {
  return { origin, size, rootHash: new Uint8Array(32).fill(fill), checkpoint: `${origin}\n${size}\n...\n` };
}

const write = (s: StoredWitnessState) => () => ({ result: undefined, write: s });

describe('WitnessStateStore', () => {
  test('one file per origin, named by the hex SHA-256 of the origin, mode 0600, in a 0700 directory', async () => {
    const { store, dir } = await openStore();
    const origin = 'log.test/ünïcode origin with spaces/../and dots';
    expect(await store.find(origin)).toBeUndefined();
    await store.update(origin, write(state(origin, 3)));
    const hash = createHash('sha256').update(origin).digest('hex');
    expect(originHash(origin)).toBe(hash);
    expect(await readdir(dir)).toEqual([hash]);
    expect((await stat(join(dir, hash))).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await store.find(origin)).toEqual(state(origin, 3));
    expect(await store.findByHash(hash)).toEqual(state(origin, 3));
    expect(await store.findByHash(hash.toUpperCase())).toBeUndefined();
    expect(await store.findByHash('../etc/passwd')).toBeUndefined();
  });

  test('a new store on the same directory reads what was written', async () => {
    const { store, dir } = await openStore();
    await store.update('log.test/a', write(state('log.test/a', 7)));
    const again = await WitnessStateStore.open(dir);
    expect(await again.find('log.test/a')).toEqual(state('log.test/a', 7));
  });

  test('refuses to roll back or to change the root at the same size, and keeps the old state', async () => {
    const { store } = await openStore();
    const o = 'log.test/b';
    await store.update(o, write(state(o, 5)));
    await expect(store.update(o, write(state(o, 4)))).rejects.toThrow(/roll the witness state .* back/);
    await expect(store.update(o, write(state(o, 5, 99)))).rejects.toThrow(/root hash/);
    await expect(store.update(o, write(state('log.test/other', 9)))).rejects.toBeInstanceOf(AmanahError);
    expect(await store.find(o)).toEqual(state(o, 5));
    // the same state again, and a larger one, are fine
    await store.update(o, write(state(o, 5)));
    await store.update(o, write(state(o, 6)));
    expect((await store.find(o))!.size).toBe(6);
  });

  test('a corrupt state file is an error, never an absent state', async () => {
    const { store, dir } = await openStore();
    const o = 'log.test/c';
    await store.update(o, write(state(o, 5)));
    await writeFile(join(dir, originHash(o)), '{"kind":"amanah-witness-state","origin":"log.test/c"');
    await expect(store.find(o)).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(store.update(o, write(state(o, 6)))).rejects.toMatchObject({ code: 'INTERNAL' });
    // a file whose origin does not hash to its name
    const good = JSON.stringify({
      kind: 'amanah-witness-state',
      origin: 'log.test/d',
      size: 1,
      rootHash: 'A'.repeat(43) + '=',
      checkpoint: 'x',
    });
    await writeFile(join(dir, originHash(o)), good);
    await expect(store.find(o)).rejects.toThrow(/corrupt/);
  });

  test('updates of one origin run one at a time, in call order; other origins are not held up', async () => {
    const { store } = await openStore();
    let active = 0;
    let maxActive = 0;
    const order: number[] = [];
    const task = (o: string, i: number) =>
      store.update(o, async (current) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await sleep(5);
        order.push(i);
        active--;
        return { result: current?.size, write: state(o, (current?.size ?? 0) + 1) };
      });
    const seen = await Promise.all(Array.from({ length: 20 }, (_, i) => task('log.test/e', i)));
    expect(maxActive).toBe(1);
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // each update saw the state the previous one wrote
    expect(seen).toEqual([undefined, ...Array.from({ length: 19 }, (_, i) => i + 1)]);
    expect((await store.find('log.test/e'))!.size).toBe(20);

    // a failing update does not block the ones after it
    const failing = store.update('log.test/e', () => {
      throw new Error('boom');
    });
    const after = store.update('log.test/e', (c) => ({ result: c!.size }));
    await expect(failing).rejects.toThrow('boom');
    await expect(after).resolves.toBe(20);

    // two origins overlap
    active = 0;
    maxActive = 0;
    await Promise.all([task('log.test/f', 0), task('log.test/g', 0)]);
    expect(maxActive).toBe(2);
  });

  test('no temp file is left behind, and the file is valid JSON after every write', async () => {
    const { store, dir } = await openStore();
    const o = 'log.test/h';
    for (let size = 1; size <= 10; size++) {
      await store.update(o, write(state(o, size)));
      expect(JSON.parse(await readFile(join(dir, originHash(o)), 'utf8')).size).toBe(size);
    }
    expect(await readdir(dir)).toEqual([originHash(o)]);
  });
});
