import type { Kysely, Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-log-tiles-and-checkpoints.js';
import * as m0003 from './0003-policies-and-proposals.js';
import * as m0004 from './0004-fund.js';
import * as m0005 from './0005-access.js';
import * as m0006 from './0006-projects.js';
import * as m0007 from './0007-needs.js';
import * as m0008 from './0008-iati.js';
import * as m0009 from './0009-tile-internal-hashes.js';
import * as m0011 from './0011-project-payment-indexes.js';
import * as m0012 from './0012-access-stage-durations.js';
import * as m0013 from './0013-access-sources.js';

export type Dialect = 'sqlite' | 'postgres';

/** What a migration may need to know about the database it runs on. */
export interface MigrationContext {
  dialect: Dialect;
  /** the byte-string column type: `blob` on SQLite, `bytea` on PostgreSQL */
  binary: 'blob' | 'bytea';
}

type Step = { up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> };

/** Forward-only, numbered migrations. Append new ones; never edit or remove a landed one. */
const STEPS: Record<string, Step> = {
  '0001-initial': m0001,
  '0002-log-tiles-and-checkpoints': m0002,
  '0003-policies-and-proposals': m0003,
  '0004-fund': m0004,
  '0005-access': m0005,
  '0006-projects': m0006,
  '0007-needs': m0007,
  '0008-iati': m0008,
  '0009-tile-internal-hashes': m0009,
  // 0010 was reserved during development and never released: there is no migration of that number
  '0011-project-payment-indexes': m0011,
  '0012-access-stage-durations': m0012,
  '0013-access-sources': m0013,
};

export function migrationProvider(dialect: Dialect): MigrationProvider {
  const ctx: MigrationContext = { dialect, binary: dialect === 'postgres' ? 'bytea' : 'blob' };
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return Object.fromEntries(
        Object.entries(STEPS).map(([name, step]) => [
          name,
          { up: (db: Kysely<unknown>) => step.up(db, ctx) },
        ]),
      );
    },
  };
}
