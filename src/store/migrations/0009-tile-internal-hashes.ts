import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Each full tile's internal hashes (its subtree above the 256 hashes) kept beside it, so an inclusion
 * proof reads them instead of rebuilding up to 255 hashes per tile level. Tiles written before this
 * migration have none; proofs through them rebuild the hashes as before.
 */
export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  await db.schema.alterTable('log_tiles').addColumn('internal', ctx.binary).execute();
}
