import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openStore, type Store } from './database.js';

/**
 * A fresh, empty database of the same kind as `like`, for rebuilding projections beside the live ones:
 * a temporary SQLite file, or a new PostgreSQL database on the same server. `dispose` removes it.
 */
export async function openScratchStore(like: Store): Promise<{ store: Store; dispose(): Promise<void> }> {
  const name = `amanah_scratch_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  if (like.dialect === 'sqlite') {
    const file = join(tmpdir(), `${name}.db`);
    const store = await openStore(file);
    return {
      store,
      async dispose() {
        await store.close();
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
      },
    };
  }
  await sql`create database ${sql.id(name)}`.execute(like.db);
  const url = new URL(process.env.AMANAH_SCRATCH_URL ?? urlOf(like));
  url.pathname = `/${name}`;
  const store = await openStore(url.toString());
  return {
    store,
    async dispose() {
      await store.close();
      await sql`drop database if exists ${sql.id(name)}`.execute(like.db);
    },
  };
}

const fullUrls = new WeakMap<Store, string>();

/** Remembers the full connection URL of a PostgreSQL store (its `location` hides the password). */
export function rememberUrl(store: Store, url: string): void {
  fullUrls.set(store, url);
}

function urlOf(store: Store): string {
  return fullUrls.get(store) ?? store.location;
}
