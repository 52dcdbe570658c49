import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Option, type Command } from 'commander';
import { AmanahError } from '../domain/errors.js';
import { SECTORS } from '../domain/funds/events.js';
import { systemClock } from '../services/clock.js';
import { ocdsReleasePackage } from '../services/ocds-export.js';
import {
  listPartners,
  listProjects,
  partnerDetail,
  projectDetail,
  projectProgress,
} from '../services/projects.js';
import type { Store } from '../store/database.js';
import { dbTarget, openTarget } from './context.js';
import { dbOption, intArg } from './options.js';

async function withStore<T>(db: string | undefined, f: (store: Store) => Promise<T>): Promise<T> {
  const store = await openTarget(dbTarget(db));
  try {
    return await f(store);
  } finally {
    await store.close();
  }
}

const json = (v: unknown) =>
  console.log(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x), 2));

const MEDIA: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
};

/** `amanah projects …`: reconstruction projects, partners, progress, the OCDS export and evidence upload. */
export function registerProjectsCommand(program: Command): void {
  const projects = program
    .command('projects')
    .description('reconstruction projects: list, detail, progress, partners, OCDS');

  projects
    .command('list')
    .description('projects, filtered, in log order')
    .addOption(new Option('--sector <sector>', 'one sector').choices([...SECTORS]))
    .option('--governorate <p-code>', 'one governorate, e.g. PS0270')
    .option('--partner <org>', 'one implementing partner')
    .addOption(new Option('--status <status>').choices(['proposed', 'approved', 'in-progress', 'completed']))
    .option('--offset <n>', 'skip this many', intArg('--offset', 0, 10_000_000), 0)
    .option('--limit <n>', 'at most this many', intArg('--limit', 1, 500), 50)
    .option('--json', 'print JSON')
    .addOption(dbOption())
    .action(
      async (o: {
        sector?: string;
        governorate?: string;
        partner?: string;
        status?: string;
        offset: number;
        limit: number;
        json?: boolean;
        db?: string;
      }) =>
        withStore(o.db, async (store) => {
          const r = await listProjects(store.db, o);
          if (o.json) return json(r);
          for (const p of r.items) {
            console.log(
              `${p.id.padEnd(20)} ${p.status.padEnd(12)} ${p.sector.padEnd(21)} ${p.governorate}  ${p.budget.value.padStart(12)} ${p.budget.currency}  ${p.partner}`,
            );
          }
          console.log(`${r.items.length} of ${r.total} projects (offset ${o.offset})`);
        }),
    );

  projects
    .command('show')
    .description('one project and its whole chain, from pledge to asset (JSON)')
    .argument('<project-id>')
    .addOption(dbOption())
    .action(async (id: string, o: { db?: string }) =>
      withStore(o.db, async (store) => json(await projectDetail(store, id))),
    );

  projects
    .command('progress')
    .description('progress by sector and by governorate')
    .option('--json', 'print JSON')
    .addOption(dbOption())
    .action(async (o: { json?: boolean; db?: string }) =>
      withStore(o.db, async (store) => {
        const r = await projectProgress(store);
        if (o.json) return json(r);
        for (const [title, rows] of [
          ['sector', r.bySector],
          ['governorate', r.byGovernorate],
        ] as const) {
          console.log(`by ${title}: projects, milestones released / all, budget and released (minor units)`);
          for (const x of rows) {
            console.log(
              `  ${x.key.padEnd(21)} ${String(x.projects).padStart(5)}  ${String(x.milestonesReleased).padStart(4)}/${String(x.milestones).padEnd(5)} ${x.budget.padStart(14)} ${x.released.padStart(14)} ${x.currency}  destroyed assets: ${x.assetsDestroyed}`,
            );
          }
        }
      }),
    );

  projects
    .command('partners')
    .description('the registry of implementing partners with their vetting status; with an id, its history')
    .argument('[partner-id]')
    .addOption(dbOption())
    .action(async (id: string | undefined, o: { db?: string }) =>
      withStore(o.db, async (store) =>
        json(id ? await partnerDetail(store, id) : await listPartners(store.db, { offset: 0, limit: 500 })),
      ),
    );

  projects
    .command('export-ocds')
    .description('the procurement as an OCDS 1.1 release package (JSON on standard output)')
    .option(
      '--base-url <url>',
      'the public address of the server, for the package URIs',
      'http://localhost:8080',
    )
    .option('--offset <n>', 'skip this many tenders', intArg('--offset', 0, 10_000_000), 0)
    .option('--limit <n>', 'at most this many releases', intArg('--limit', 1, 500), 500)
    .addOption(dbOption())
    .action(async (o: { baseUrl: string; offset: number; limit: number; db?: string }) =>
      withStore(o.db, async (store) => {
        const { total: _t, ...pkg } = await ocdsReleasePackage(store, {
          ...o,
          baseUrl: o.baseUrl.replace(/\/$/, ''),
          now: systemClock.now(),
        });
        json(pkg);
      }),
    );

  projects
    .command('upload-evidence')
    .description('upload a photo a recorded milestone verification cites (by its SHA-256) to a server')
    .argument('<file>', 'the photo (.jpg, .png or .webp)')
    .requiredOption('--server <url>', 'the Amanah server, e.g. http://localhost:8080')
    .action(async (file: string, o: { server: string }) => {
      const type = MEDIA[extname(file).toLowerCase()];
      if (!type)
        throw new AmanahError('UNSUPPORTED_MEDIA_TYPE', `${file}: evidence is a .jpg, .png or .webp photo`);
      const bytes = readFileSync(file);
      const sha = createHash('sha256').update(bytes).digest('hex');
      let res: Response;
      try {
        res = await fetch(new URL(`/api/v1/evidence/${sha}`, o.server), {
          method: 'PUT',
          headers: { 'content-type': type },
          body: bytes,
        });
      } catch (e) {
        throw new AmanahError('DATABASE_UNAVAILABLE', `cannot reach ${o.server}: ${(e as Error).message}`);
      }
      const body = (await res.json()) as { code?: string; detail?: string; status?: string };
      if (!res.ok)
        throw new AmanahError((body.code ?? 'INTERNAL') as never, body.detail ?? `HTTP ${res.status}`);
      console.log(
        `${file}: ${body.status === 'stored' ? 'stored' : 'already stored'} as ${sha} (${bytes.length} bytes)`,
      );
    });
}
