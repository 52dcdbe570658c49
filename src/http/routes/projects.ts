import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slugId } from '../../domain/common.js';
import { SECTORS } from '../../domain/funds/events.js';
import { governorateCode, sha256Hex, VETTING_STATUSES } from '../../domain/projects/events.js';
import { AmanahError } from '../../domain/errors.js';
import { ocdsReleasePackage } from '../../services/ocds-export.js';
import {
  ASSET_STATUSES,
  CONSIGNMENT_ITEMS,
  EVIDENCE_MEDIA_TYPES,
  listAssets,
  listPartners,
  listProjects,
  MAX_EVIDENCE_BYTES,
  partnerDetail,
  projectDetail,
  projectProgress,
  storeEvidence,
} from '../../services/projects.js';
import { findEvidence } from '../../store/project-repository.js';
import { page } from './pagination.js';
import { sendCachedJson } from '../cached-json.js';

const PROJECT_STATUSES = ['proposed', 'approved', 'in-progress', 'completed'] as const;

const assetStatus = z.enum(ASSET_STATUSES);
/**
 * The filters of the list of assets (and of its downloads): `status` may be repeated
 * (`?status=damaged&status=destroyed`) for assets in any of those states.
 */
export const ASSET_FILTERS = {
  sector: z.enum(SECTORS).optional(),
  governorate: governorateCode.optional(),
  project: slugId.optional(),
  status: z.union([assetStatus, z.array(assetStatus).max(ASSET_STATUSES.length)]).optional(),
};

export const projectRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.amanah;

  // Evidence photos arrive as their raw bytes; this parser is scoped to this plugin's routes.
  app.addContentTypeParser(
    [...EVIDENCE_MEDIA_TYPES],
    { parseAs: 'buffer', bodyLimit: MAX_EVIDENCE_BYTES },
    (_req, body, done) => done(null, body),
  );

  app.get(
    '/projects',
    {
      schema: {
        summary: 'Reconstruction projects, filtered by sector, governorate, partner or status, in log order',
        tags: ['projects'],
        querystring: z.strictObject({
          sector: z.enum(SECTORS).optional(),
          governorate: governorateCode.optional(),
          partner: slugId.optional(),
          status: z.enum(PROJECT_STATUSES).optional(),
          ...page,
        }),
      },
    },
    async (req) => listProjects(store.db, req.query),
  );

  app.get(
    '/projects/progress',
    { schema: { summary: 'Progress by sector and by governorate, per currency', tags: ['projects'] } },
    async (_req, reply) =>
      sendCachedJson(reply, app.amanah.reads, 'projects/progress', () => projectProgress(store)),
  );

  app.get(
    '/projects/:id',
    {
      schema: {
        summary:
          'One project and its whole chain: funding from pledge to expenditure, milestones and evidence hashes, procurement, materials, assets and damage',
        tags: ['projects'],
        params: z.strictObject({ id: slugId }),
      },
    },
    async (req) => projectDetail(store, req.params.id, CONSIGNMENT_ITEMS),
  );

  app.get(
    '/assets',
    {
      schema: {
        summary:
          'What the projects built or repaired, across projects in log order, with their project and the damage reported on them',
        tags: ['projects'],
        querystring: z.strictObject({ ...ASSET_FILTERS, ...page }),
      },
    },
    async (req) => listAssets(store, req.query),
  );

  app.get(
    '/partners',
    {
      schema: {
        summary: 'The registry of implementing partners with their latest vetting status',
        tags: ['projects'],
        querystring: z.strictObject({
          vetting: z.enum([...VETTING_STATUSES, 'not-vetted']).optional(),
          ...page,
        }),
      },
    },
    async (req) => listPartners(store.db, req.query),
  );

  app.get(
    '/partners/:id',
    {
      schema: {
        summary: 'One implementing partner and its vetting history',
        tags: ['projects'],
        params: z.strictObject({ id: slugId }),
      },
    },
    async (req) => partnerDetail(store, req.params.id),
  );

  app.put(
    '/evidence/:sha256',
    {
      bodyLimit: MAX_EVIDENCE_BYTES,
      schema: {
        summary:
          'Stores a milestone photo off the log under its SHA-256 (the body is the file; the hash must match it)',
        tags: ['projects'],
        params: z.strictObject({ sha256: sha256Hex }),
      },
    },
    async (req, reply) => {
      const body = req.body;
      if (!Buffer.isBuffer(body)) {
        throw new AmanahError(
          'UNSUPPORTED_MEDIA_TYPE',
          `send the photo's bytes as ${EVIDENCE_MEDIA_TYPES.join(', ')}`,
        );
      }
      const r = await storeEvidence(
        store,
        clock,
        req.params.sha256,
        String(req.headers['content-type']).split(';')[0]!.trim(),
        body,
      );
      return reply.status(r.status === 'stored' ? 201 : 200).send(r);
    },
  );

  app.get(
    '/evidence/:sha256',
    {
      schema: {
        summary: 'An evidence file by its SHA-256, byte for byte as uploaded',
        tags: ['projects'],
        params: z.strictObject({ sha256: sha256Hex }),
      },
    },
    async (req, reply) => {
      const f = await findEvidence(store.db, req.params.sha256);
      if (!f) throw new AmanahError('NOT_FOUND', `no evidence file with SHA-256 ${req.params.sha256}`);
      return reply
        .type(f.mediaType)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(Buffer.from(f.data));
    },
  );

  app.get(
    '/export/ocds',
    {
      schema: {
        summary: 'Procurement as an OCDS 1.1 release package (one release per tender, in log order)',
        tags: ['projects'],
        querystring: z.strictObject({ ...page }),
      },
    },
    async (req, reply) => {
      const { total, ...pkg } = await ocdsReleasePackage(store, {
        baseUrl: `${req.protocol}://${req.host}`,
        now: clock.now(),
        ...req.query,
      });
      return reply.header('x-total-count', String(total)).send(pkg);
    },
  );
};
