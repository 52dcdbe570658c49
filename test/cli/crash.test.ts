import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { openScratchStore } from '../../src/store/scratch-store.js';
import { replay } from '../../src/services/replay.js';
import { logSize } from '../../src/store/log-repository.js';
import { amanah, startAmanah } from '../support/cli.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

describe.each(STORE_KINDS)('a crash in the middle of writing (%s)', (kind) => {
  it('leaves no partial state: the log has no gap and the projections replay identically', async () => {
    const { store: s0, target, dispose } = await freshStore(kind);
    await s0.close();
    try {
      // A large demo writes for several seconds; kill -9 it in the middle.
      const { child } = await startAmanah(['demo', '--db', target, '--scale', '40'], new RegExp(''));
      const store = await openStore(target);
      for (let i = 0; i < 1200 && (await logSize(store.db)) < 500; i++)
        await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));

      const size = await logSize(store.db);
      expect(size).toBeGreaterThan(0);
      const { n } = (await sql<{ n: bigint }>`select count(*) as n from log_entries`.execute(store.db))
        .rows[0]!;
      expect(Number(n)).toBe(size); // indexes 0..size-1, no gap
      const scratch = await openScratchStore(store);
      try {
        expect(await replay(store, scratch.store)).toMatchObject({ identical: true, entries: size });
      } finally {
        await scratch.dispose();
      }
      await store.close();

      // And the interrupted work can simply be run again: what was recorded is not recorded twice.
      const again = await amanah(['demo', '--db', target, '--scale', '2']);
      expect(again.stdout).toMatch(/already present/);
    } finally {
      await dispose();
    }
  }, 120_000);
});
