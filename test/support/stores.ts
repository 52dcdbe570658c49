import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/database.js';
import { rememberUrl } from '../../src/store/scratch-store.js';

export type StoreKind = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL too when DATABASE_URL is set (as CI does). */
export const STORE_KINDS: StoreKind[] = process.env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

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
  await withClient(admin, (c) => c.query(`create database "${name}"`));
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

async function withClient<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}
