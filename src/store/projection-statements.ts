/**
 * The projection of the most frequent registration events as prepared SQLite statements, for the
 * verifier's replay. `applyEvent` builds and compiles each statement through Kysely for every event,
 * which costs several times what SQLite takes to run it; here each statement is prepared once and
 * run with the event's values.
 *
 * Each function writes what the server's repository function for the type writes (named beside it),
 * the same columns with the same values, so the rows are identical, storage classes included: the
 * values are bound to better-sqlite3 exactly as Kysely binds them. test/verifier/projection-replay.test.ts
 * replays logs both ways and compares every table, value and storage class. Types not listed go
 * through `applyEvent`.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { SignedEvent } from '../domain/envelope.js';
import { openSqliteStore, type Store } from './database.js';
import { VOTING_KINDS } from './membership-repository.js';

/**
 * An in-memory SQLite database with the projection tables, seen both as a {@link Store} (for
 * `applyEvent` and the server's queries) and through its connection (for the prepared statements
 * and the transactions around them: one connection, so both see the same transaction).
 */
export interface ProjectionDatabase {
  readonly store: Store;
  readonly connection: Database;
  /** The prepared projection of each event type that has one. */
  readonly statements: ReadonlyMap<string, DirectApply>;
}

/** Opens it exactly as `openStore(':memory:')` does, keeping the connection at hand. */
export async function openProjectionDatabase(): Promise<ProjectionDatabase> {
  const { store, connection } = await openSqliteStore(':memory:');
  return { store, connection, statements: projectionStatements(connection) };
}

/** Applies one event of a given type to the projections. */
export type DirectApply = (event: SignedEvent, index: number) => void;

interface I18n {
  en: string;
  ar: string;
}
interface Point {
  lat: number;
  lon: number;
}

/** The statements by event type, prepared on `db` (migrated to the latest schema). */
export function projectionStatements(db: Database): ReadonlyMap<string, DirectApply> {
  const prepare = (text: string): Statement => db.prepare(text);
  const insertOrg = prepare(
    'insert into "orgs" ("id", "kind", "name_en", "name_ar", "country", "partner_type", "log_index") values (?, ?, ?, ?, ?, ?, ?)',
  );
  const firstPolicy = prepare('select "version" from "policies" limit ?');
  const insertCandidate = prepare(
    'insert into "memberships" ("org_id", "status", "proposal_id", "log_index") values (?, ?, ?, ?)',
  );
  const insertKey = prepare(
    'insert into "actor_keys" ("key_id", "public_key", "org_id", "holder", "roles", "status", "log_index", "revoked_index", "revoked_reason") values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const revokeKey = prepare(
    'update "actor_keys" set "status" = ?, "revoked_index" = ?, "revoked_reason" = ? where "key_id" = ?',
  );
  const insertGovernorate = prepare(
    'insert into "governorates" ("code", "name_en", "name_ar", "centre_lat", "centre_lon", "area_sq_km", "log_index") values (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertCrossing = prepare(
    'insert into "crossings" ("code", "name_en", "name_ar", "kind", "status", "lat", "lon", "log_index") values (?, ?, ?, ?, ?, ?, ?, ?)',
  );

  return new Map<string, DirectApply>([
    [
      'org.registered',
      // governance.applyOrgRegistered, then membership.applyOrgCandidate
      (e, index) => {
        const o = e.payload as {
          id: string;
          kind: string;
          name: I18n;
          country?: string;
          partnerType?: string;
        };
        insertOrg.run(o.id, o.kind, o.name.en, o.name.ar, o.country ?? null, o.partnerType ?? null, index);
        if (!VOTING_KINDS.includes(o.kind)) return;
        if (firstPolicy.get(1) === undefined) return;
        insertCandidate.run(o.id, 'candidate', null, index);
      },
    ],
    [
      'key.registered',
      // governance.applyKeyRegistered
      (e, index) => {
        const k = e.payload as {
          keyId: string;
          publicKey: string;
          org: string;
          holder: string;
          roles: string[];
        };
        insertKey.run(
          k.keyId,
          k.publicKey,
          k.org,
          k.holder,
          JSON.stringify(k.roles),
          'active',
          index,
          null,
          null,
        );
      },
    ],
    [
      'key.revoked',
      // governance.applyKeyRevoked
      (e, index) => {
        const p = e.payload as { keyId: string; reason: string };
        revokeKey.run('revoked', index, p.reason, p.keyId);
      },
    ],
    [
      'governorate.registered',
      // places.applyGovernorateRegistered
      (e, index) => {
        const p = e.payload as { code: string; name: I18n; centre?: Point; areaSqKm?: number };
        insertGovernorate.run(
          p.code,
          p.name.en,
          p.name.ar,
          p.centre?.lat ?? null,
          p.centre?.lon ?? null,
          p.areaSqKm ?? null,
          index,
        );
      },
    ],
    [
      'crossing.registered',
      // places.applyCrossingRegistered
      (e, index) => {
        const p = e.payload as { code: string; name: I18n; kind: string; status: string; location?: Point };
        insertCrossing.run(
          p.code,
          p.name.en,
          p.name.ar,
          p.kind,
          p.status,
          p.location?.lat ?? null,
          p.location?.lon ?? null,
          index,
        );
      },
    ],
  ]);
}
