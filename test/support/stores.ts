import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import { rememberUrl } from '../../src/store/scratch-store.js';

export type StoreKind = 'sqlite' | 'postgres';

/**
 * SQLite always; PostgreSQL too when DATABASE_URL is set. AMANAH_TEST_STORES=postgres (or sqlite)
 * narrows a run to one database: CI runs the suite once on SQLite and once on PostgreSQL only, rather
 * than SQLite twice.
 */
export const STORE_KINDS: StoreKind[] = storeKinds(process.env.AMANAH_TEST_STORES, process.env.DATABASE_URL);

function storeKinds(only: string | undefined, url: string | undefined): StoreKind[] {
  const all: StoreKind[] = url ? ['sqlite', 'postgres'] : ['sqlite'];
  if (!only) return all;
  const wanted = only.split(',').map((s) => s.trim());
  for (const w of wanted)
    if (w !== 'sqlite' && w !== 'postgres')
      throw new Error(`AMANAH_TEST_STORES: "${w}" is not sqlite or postgres`);
  if (wanted.includes('postgres') && !url)
    throw new Error('AMANAH_TEST_STORES asks for postgres but DATABASE_URL is not set');
  return all.filter((k) => wanted.includes(k));
}

let counter = 0;

/** A fresh, empty, migrated database of the given kind; `dispose` deletes it. */
export async function freshStore(
  kind: StoreKind,
  opts: { migrate?: boolean } = {},
): Promise<{ store: Store; target: string; dispose(): Promise<void> }> {
  const name = `amanah_test_${process.pid}_${Date.now()}_${counter++}`;
  if (kind === 'sqlite') {
    const file = join(tmpdir(), `${name}.db`);
    const store = await openStore(file, opts);
    return {
      store,
      target: file,
      async dispose() {
        await store.close().catch(() => undefined);
        for (const s of ['', '-wal', '-shm']) rmSync(file + s, { force: true });
      },
    };
  }
  const admin = process.env.DATABASE_URL!;
  // A copy of the run's migrated template (test/support/pg-template.ts) when one is wanted and there.
  const template = opts.migrate !== false ? inject('pgTemplate') : undefined;
  await withClient(admin, (c) =>
    c.query(`create database "${name}"${template ? ` template "${template}"` : ''}`),
  );
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const store = await openStore(url.toString(), opts);
  rememberUrl(store, url.toString());
  return {
    store,
    target: url.toString(),
    async dispose() {
      await store.close().catch(() => undefined);
      await withClient(admin, (c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

export async function withClient<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}
