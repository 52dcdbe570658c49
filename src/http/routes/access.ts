import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slugId } from '../../domain/common.js';
import { ITEM_CATEGORIES, STAGES } from '../../domain/access/events.js';
import { isoDate } from '../../domain/funds/money.js';
import { AmanahError } from '../../domain/errors.js';
import { templateCsv } from '../../import/partner-csv.js';
import {
  categoryRates,
  crossingsWithStatus,
  dailyMetrics,
  latestDailyMetrics,
  stageTimes,
} from '../../services/access.js';
import {
  consignmentEnteredItems,
  dualUseItems,
  getConsignment,
  listAppeals,
  listConsignments,
  listDualUseVersions,
  listPointReports,
  listPoints,
} from '../../store/access-repository.js';
import {
  eraseBeneficiary,
  findHousehold,
  openBeneficiary,
  storeBeneficiaries,
  type PrivateStoreDeps,
} from '../../services/access-beneficiaries.js';
import { page } from './pagination.js';
import { sendCachedJson } from '../cached-json.js';

const range = z.strictObject({ from: isoDate, to: isoDate });
const tags = ['access'];

export const accessRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.amanah;

  app.get(
    '/access/crossings',
    {
      schema: {
        summary: 'Crossings and corridors with their current status, opening hours and history',
        tags,
      },
    },
    async () => crossingsWithStatus(store, clock.now()),
  );

  app.get(
    '/access/consignments',
    {
      schema: {
        summary: 'Consignments, filtered by crossing, last stage, category and request day',
        tags,
        querystring: z.strictObject({
          crossing: slugId.optional(),
          stage: z.enum(['requested', ...STAGES]).optional(),
          category: z.enum(ITEM_CATEGORIES).optional(),
          from: isoDate.optional(),
          to: isoDate.optional(),
          ...page,
        }),
      },
    },
    async (req) => listConsignments(store.db, req.query),
  );

  app.get(
    '/access/consignments/:id',
    {
      schema: {
        summary: 'A consignment: manifest, every stage with its time, deliveries and appeals',
        tags,
        params: z.strictObject({ id: slugId }),
      },
    },
    async (req) => getConsignment(store.db, req.params.id),
  );

  app.get(
    '/access/consignments/:id/entered',
    {
      schema: {
        summary: 'What entered Gaza for a consignment, per manifest line (less what inspection rejected)',
        tags,
        params: z.strictObject({ id: slugId }),
      },
    },
    async (req) => {
      const items = await consignmentEnteredItems(store.db, req.params.id);
      if (!items) throw new AmanahError('NOT_FOUND', `consignment ${req.params.id} is not recorded`);
      return {
        consignmentId: req.params.id,
        items: items.map((i) => ({ ...i, quantity: String(i.quantity) })),
      };
    },
  );

  app.get(
    '/access/metrics/daily',
    {
      schema: {
        summary:
          'Trucks and tonnes per day and per crossing against the 600-a-day floor, with the access index',
        tags,
        querystring: range.extend({ crossing: slugId.optional() }),
      },
    },
    async (req, reply) =>
      sendCachedJson(
        reply,
        app.amanah.reads,
        `access/metrics/daily?from=${req.query.from}&to=${req.query.to}&crossing=${req.query.crossing ?? ''}`,
        () => dailyMetrics(store, req.query),
      ),
  );

  app.get(
    '/access/metrics/daily/latest',
    {
      schema: {
        summary:
          'The same daily figures for the last `days` days up to the latest day with trucks recorded (the range is in the answer)',
        tags,
        querystring: z.strictObject({
          days: z.coerce.number().int().min(1).max(731),
          crossing: slugId.optional(),
        }),
      },
    },
    async (req, reply) =>
      sendCachedJson(
        reply,
        app.amanah.reads,
        `access/metrics/daily/latest?days=${req.query.days}&crossing=${req.query.crossing ?? ''}`,
        () => latestDailyMetrics(store, req.query, clock.now()),
        // with no truck recorded yet, the range ends today
        { clock: true },
      ),
  );

  app.get(
    '/access/metrics/stages',
    {
      schema: {
        summary: 'Time spent at each stage (p50, p90 in hours) over a range of days',
        tags,
        querystring: range,
      },
    },
    async (req) => stageTimes(store, req.query),
  );

  app.get(
    '/access/metrics/categories',
    {
      schema: {
        summary: 'Denial and interception rates by category over a range of days',
        tags,
        querystring: range,
      },
    },
    async (req) => categoryRates(store, req.query),
  );

  app.get(
    '/access/dual-use',
    { schema: { summary: 'The published versions of the dual-use list', tags } },
    async () => ({ versions: await listDualUseVersions(store.db) }),
  );

  app.get(
    '/access/dual-use/:version',
    {
      schema: {
        summary: 'The items of one version of the dual-use list',
        tags,
        params: z.strictObject({ version: z.coerce.number().int().min(1).max(1_000_000) }),
      },
    },
    async (req) => dualUseItems(store.db, req.params.version),
  );

  app.get(
    '/access/appeals',
    {
      schema: {
        summary: 'Appeals against denials, with deadline, decision and outcome',
        tags,
        querystring: z.strictObject({ status: z.enum(['open', 'decided', 'decided-late']).optional() }),
      },
    },
    async (req) => ({ appeals: await listAppeals(store.db, req.query) }),
  );

  app.get(
    '/access/distribution-points',
    {
      schema: { summary: 'Distribution points with what they served and the households they reached', tags },
    },
    async () => ({ points: await listPoints(store.db) }),
  );

  app.get(
    '/access/distribution-points/:id/reports',
    {
      schema: {
        summary: "A distribution point's reports",
        tags,
        params: z.strictObject({ id: slugId }),
      },
    },
    async (req) => ({ reports: await listPointReports(store.db, req.params.id) }),
  );

  // The private store of beneficiary records: signed requests by agency keys only, never cached.
  const privateDeps = (): PrivateStoreDeps => {
    const privateStore = app.amanah.privateStore;
    if (!privateStore)
      throw new AmanahError(
        'DATABASE_UNAVAILABLE',
        'this server has no private store of beneficiary records',
      );
    return { store, privateStore, origin: app.amanah.commands.origin, clock };
  };
  const signedRequest = z.record(z.string(), z.unknown());
  const privateRoutes = [
    ['store', 'Keeps the beneficiary records behind a distribution report’s commitments', storeBeneficiaries],
    [
      'open',
      'Opens a commitment: the record and salt, checked against the log (holding agency only)',
      openBeneficiary,
    ],
    ['erase', 'Erases a beneficiary record and its salt; the commitment on the log stays', eraseBeneficiary],
    ['find-household', 'Agencies that served a household, found by its keyed hash', findHousehold],
  ] as const;
  for (const [name, summary, useCase] of privateRoutes)
    app.post(
      `/access/beneficiaries/${name}`,
      { schema: { summary: `${summary} (signed request)`, tags, body: signedRequest } },
      async (req, reply) => {
        const result = await useCase(privateDeps(), req.body);
        return reply.header('cache-control', 'no-store').send(result);
      },
    );

  app.get(
    '/access/import-template.csv',
    { schema: { summary: 'The partner CSV/HXL template for consignments', tags } },
    async (_req, reply) => reply.type('text/csv; charset=utf-8').send(templateCsv()),
  );
};
