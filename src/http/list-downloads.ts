// The open-data downloads of the lists that exist today (list-formats.ts explains the formats).
// Each area adds its own lists the same way, in its own route file.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { slugId } from '../domain/common.js';
import { ITEM_CATEGORIES, STAGES } from '../domain/access/events.js';
import { SECTORS } from '../domain/funds/events.js';
import { currency, isoDate } from '../domain/funds/money.js';
import { ORG_KINDS } from '../domain/governance/events.js';
import { governorateCode } from '../domain/projects/events.js';
import { listAssets, listProjects } from '../services/projects.js';
import { listConsignments, listPoints } from '../store/access-repository.js';
import { donorPositions, listJournal, pledgesOf, type PledgeView } from '../store/fund-repository.js';
import { listKeys, listOrgs } from '../store/governance-repository.js';
import { listProposals } from '../store/decision-repository.js';
import { listCrossings, listGovernorates } from '../store/places-repository.js';
import { registerListDownload } from './list-formats.js';
import { ASSET_FILTERS } from './routes/projects.js';

/** For lists the repository returns whole (a few dozen rows): one page holds them all. */
const WHOLE = 1_000_000;

/** The statuses the projects list filters by (src/http/routes/projects.ts). */
const PROJECT_STATUSES = ['proposed', 'approved', 'in-progress', 'completed'] as const;

export const listDownloadRoutes: FastifyPluginAsync = async (app) => {
  const { store, clock } = app.amanah;
  const { db } = store;

  registerListDownload(app, {
    path: '/orgs',
    summary: 'Organisations',
    filters: { kind: z.enum(ORG_KINDS).optional() },
    page: (filters, range) => listOrgs(db, { ...filters, ...range }),
    columns: [
      { name: 'id', hxl: '#org+id', value: (o) => o.id },
      { name: 'kind', hxl: '#org+type', value: (o) => o.kind },
      { name: 'name_en', hxl: '#org+name+i_en', value: (o) => o.name.en },
      { name: 'name_ar', hxl: '#org+name+i_ar', value: (o) => o.name.ar },
      { name: 'country', hxl: '#country+code+v_iso2', value: (o) => o.country },
      { name: 'partner_type', hxl: '#org+type+partner', value: (o) => o.partnerType },
      { name: 'log_index', hxl: '#meta+log_index', value: (o) => o.logIndex },
    ],
  });

  registerListDownload(app, {
    path: '/keys',
    summary: 'Registered keys',
    filters: { org: slugId.optional(), status: z.enum(['active', 'revoked']).optional() },
    page: (filters, range) => listKeys(db, { ...filters, ...range }),
    columns: [
      { name: 'key_id', hxl: '#meta+key_id', value: (k) => k.keyId },
      { name: 'public_key', hxl: '#meta+public_key', value: (k) => k.publicKey },
      { name: 'org', hxl: '#org+id', value: (k) => k.org },
      { name: 'holder', hxl: '#contact+name', value: (k) => k.holder },
      { name: 'roles', hxl: '#meta+roles', value: (k) => k.roles.join(' ') },
      { name: 'status', hxl: '#status', value: (k) => k.status },
      { name: 'log_index', hxl: '#meta+log_index', value: (k) => k.logIndex },
      { name: 'revoked_index', hxl: '#meta+revoked_index', value: (k) => k.revokedIndex },
      { name: 'revoked_reason', hxl: '#description+revoked', value: (k) => k.revokedReason },
    ],
  });

  registerListDownload(app, {
    path: '/governorates',
    summary: 'Governorates',
    pageSize: WHOLE,
    page: async () => ({ items: await listGovernorates(db) }),
    columns: [
      { name: 'pcode', hxl: '#adm2+code', value: (g) => g.code },
      { name: 'name_en', hxl: '#adm2+name+i_en', value: (g) => g.name.en },
      { name: 'name_ar', hxl: '#adm2+name+i_ar', value: (g) => g.name.ar },
      { name: 'lat', hxl: '#geo+lat', value: (g) => g.centre?.lat },
      { name: 'lon', hxl: '#geo+lon', value: (g) => g.centre?.lon },
      { name: 'area_sq_km', hxl: '#meta+area_sq_km', value: (g) => g.areaSqKm },
      { name: 'log_index', hxl: '#meta+log_index', value: (g) => g.logIndex },
    ],
  });

  registerListDownload(app, {
    path: '/crossings',
    summary: 'Crossings and corridors',
    pageSize: WHOLE,
    page: async () => ({ items: await listCrossings(db) }),
    columns: [
      { name: 'code', hxl: '#loc+code', value: (c) => c.code },
      { name: 'name_en', hxl: '#loc+name+i_en', value: (c) => c.name.en },
      { name: 'name_ar', hxl: '#loc+name+i_ar', value: (c) => c.name.ar },
      { name: 'kind', hxl: '#loc+type', value: (c) => c.kind },
      { name: 'status', hxl: '#status', value: (c) => c.status },
      { name: 'lat', hxl: '#geo+lat', value: (c) => c.location?.lat },
      { name: 'lon', hxl: '#geo+lon', value: (c) => c.location?.lon },
      { name: 'log_index', hxl: '#meta+log_index', value: (c) => c.logIndex },
    ],
  });

  registerListDownload(app, {
    path: '/proposals',
    summary: 'Proposals: open, executed or expired',
    filters: { status: z.enum(['open', 'executed', 'expired']).optional() },
    page: (filters, range) => listProposals(db, clock.now(), { ...filters, ...range }),
    columns: [
      { name: 'id', hxl: '#meta+id', value: (p) => p.id },
      { name: 'decision_type', hxl: '#meta+type', value: (p) => p.decisionType },
      { name: 'title_en', hxl: '#description+i_en', value: (p) => p.title.en },
      { name: 'title_ar', hxl: '#description+i_ar', value: (p) => p.title.ar },
      { name: 'amount_minor', hxl: '#value', value: (p) => p.amount?.value },
      { name: 'currency', hxl: '#currency', value: (p) => p.amount?.currency },
      { name: 'status', hxl: '#status', value: (p) => p.status },
      { name: 'proposer_org', hxl: '#org+id+proposer', value: (p) => p.proposer.org },
      { name: 'submitted_at', hxl: '#date+submitted', value: (p) => p.submittedAt },
      { name: 'expires_at', hxl: '#date+end', value: (p) => p.expiresAt },
      { name: 'executed_index', hxl: '#meta+executed_index', value: (p) => p.executedIndex },
      { name: 'log_index', hxl: '#meta+log_index', value: (p) => p.logIndex },
    ],
  });

  registerListDownload(app, {
    path: '/fund/pledges',
    summary: 'Pledges, with what was received against each',
    pageSize: WHOLE,
    filters: { donor: slugId.optional() },
    page: async ({ donor }) => {
      const donors =
        donor === undefined ? [...new Set((await donorPositions(db)).map((d) => d.donor))] : [donor];
      const pledges = await Promise.all(donors.map((d) => pledgesOf(db, d)));
      return { items: pledges.flat().sort((a, b) => a.logIndex - b.logIndex) };
    },
    columns: [
      { name: 'pledge_id', hxl: '#meta+id', value: (p: PledgeView) => p.id },
      { name: 'donor', hxl: '#org+funding+id', value: (p) => p.donor },
      { name: 'date', hxl: '#date+pledged', value: (p) => p.date },
      { name: 'currency', hxl: '#currency', value: (p) => p.amount.currency },
      { name: 'pledged_minor', hxl: '#value+pledged', value: (p) => p.amount.value },
      { name: 'received_minor', hxl: '#value+received', value: (p) => p.received },
      { name: 'cancelled_minor', hxl: '#value+cancelled', value: (p) => p.cancelled },
      { name: 'outstanding_minor', hxl: '#value+outstanding', value: (p) => p.outstanding },
      { name: 'status', hxl: '#status', value: (p) => p.status },
      { name: 'receipts', hxl: '#meta+receipts+num', value: (p) => p.receipts.length },
      { name: 'log_index', hxl: '#meta+log_index', value: (p) => p.logIndex },
    ],
  });

  registerListDownload(app, {
    path: '/fund/journal',
    summary: 'The double-entry journal of the fund, in log order',
    filters: {
      currency: currency.optional(),
      account: z
        .string()
        .regex(/^[a-z]+(:[a-z0-9-]+)*$/)
        .max(200)
        .optional(),
    },
    page: (filters, range) => listJournal(db, { ...filters, ...range }),
    columns: [
      { name: 'log_index', hxl: '#meta+log_index', value: (l) => l.logIndex },
      { name: 'line', hxl: '#meta+line', value: (l) => l.line },
      { name: 'event_type', hxl: '#meta+event_type', value: (l) => l.eventType },
      { name: 'date', hxl: '#date', value: (l) => l.date },
      { name: 'account', hxl: '#meta+account', value: (l) => l.account },
      { name: 'currency', hxl: '#currency', value: (l) => l.currency },
      { name: 'debit_minor', hxl: '#value+debit', value: (l) => l.debit },
      { name: 'credit_minor', hxl: '#value+credit', value: (l) => l.credit },
    ],
  });

  registerListDownload(app, {
    path: '/projects',
    summary: 'Reconstruction projects',
    filters: {
      sector: z.enum(SECTORS).optional(),
      governorate: governorateCode.optional(),
      partner: slugId.optional(),
      status: z.enum(PROJECT_STATUSES).optional(),
    },
    page: (filters, range) => listProjects(db, { ...filters, ...range }),
    columns: [
      { name: 'id', hxl: '#activity+id', value: (p) => p.id },
      { name: 'title_en', hxl: '#activity+name+i_en', value: (p) => p.title.en },
      { name: 'title_ar', hxl: '#activity+name+i_ar', value: (p) => p.title.ar },
      { name: 'partner', hxl: '#org+impl+id', value: (p) => p.partner },
      { name: 'sector', hxl: '#sector+code', value: (p) => p.sector },
      { name: 'dac_code', hxl: '#sector+code+v_dac', value: (p) => p.dacCode },
      { name: 'governorate', hxl: '#adm2+code', value: (p) => p.governorate },
      { name: 'status', hxl: '#status', value: (p) => p.status },
      { name: 'budget_minor', hxl: '#value+budget', value: (p) => p.budget.value },
      { name: 'currency', hxl: '#currency', value: (p) => p.budget.currency },
      { name: 'beneficiaries', hxl: '#targeted+num', value: (p) => p.beneficiaries },
      { name: 'planned_start', hxl: '#date+start', value: (p) => p.plannedStart },
      { name: 'planned_end', hxl: '#date+end', value: (p) => p.plannedEnd },
      { name: 'version', hxl: '#meta+version', value: (p) => p.version },
      {
        name: 'lat',
        hxl: '#geo+lat',
        value: (p) => (p.location.type === 'point' ? p.location.lat : undefined),
      },
      {
        name: 'lon',
        hxl: '#geo+lon',
        value: (p) => (p.location.type === 'point' ? p.location.lon : undefined),
      },
      { name: 'log_index', hxl: '#meta+log_index', value: (p) => p.logIndex },
    ],
  });

  registerListDownload(app, {
    path: '/assets',
    summary: 'Assets built or repaired by the projects, with the damage reported on them',
    filters: ASSET_FILTERS,
    page: (filters, range) => listAssets(store, { ...filters, ...range }),
    columns: [
      { name: 'asset_id', hxl: '#output+id', value: (a) => a.id },
      { name: 'project_id', hxl: '#activity+id', value: (a) => a.project.id },
      { name: 'partner', hxl: '#org+impl+id', value: (a) => a.project.partner },
      { name: 'sector', hxl: '#sector+code', value: (a) => a.project.sector },
      { name: 'governorate', hxl: '#adm2+code', value: (a) => a.project.governorate },
      { name: 'kind', hxl: '#output+type', value: (a) => a.kind },
      { name: 'work', hxl: '#output+work', value: (a) => a.work },
      { name: 'count', hxl: '#output+num', value: (a) => a.count },
      { name: 'date', hxl: '#date+completed', value: (a) => a.date },
      { name: 'value_minor', hxl: '#value', value: (a) => a.value.value },
      { name: 'currency', hxl: '#currency', value: (a) => a.value.currency },
      { name: 'status', hxl: '#status', value: (a) => a.status },
      { name: 'value_lost_minor', hxl: '#value+lost', value: (a) => a.valueLost },
      { name: 'damage_reports', hxl: '#impact+reports+num', value: (a) => a.damage.length },
      { name: 'last_damage_date', hxl: '#date+impact', value: (a) => a.damage.at(-1)?.date },
      {
        name: 'rebuilt_then_destroyed',
        hxl: '#impact+rebuilt_destroyed',
        value: (a) => a.rebuiltThenDestroyed !== null,
      },
      { name: 'lat', hxl: '#geo+lat', value: (a) => a.location.lat },
      { name: 'lon', hxl: '#geo+lon', value: (a) => a.location.lon },
      { name: 'log_index', hxl: '#meta+log_index', value: (a) => a.logIndex },
    ],
  });

  registerListDownload(app, {
    path: '/access/consignments',
    summary: 'Consignments through the crossings',
    tags: ['open data', 'access'],
    filters: {
      crossing: slugId.optional(),
      stage: z.enum(['requested', ...STAGES]).optional(),
      category: z.enum(ITEM_CATEGORIES).optional(),
      from: isoDate.optional(),
      to: isoDate.optional(),
    },
    page: (filters, range) => listConsignments(db, { ...filters, ...range }),
    columns: [
      { name: 'id', hxl: '#meta+id', value: (c) => c.id },
      { name: 'crossing', hxl: '#loc+code', value: (c) => c.crossing },
      { name: 'requested_at', hxl: '#date+requested', value: (c) => c.requestedAt },
      { name: 'donor', hxl: '#org+funding+name', value: (c) => c.donor },
      { name: 'sender', hxl: '#org+name+sender', value: (c) => c.sender },
      { name: 'trucks', hxl: '#capacity+trucks+num', value: (c) => c.trucks },
      { name: 'weight_kg', hxl: '#capacity+weight_kg+num', value: (c) => c.weightKg },
      { name: 'category', hxl: '#item+type', value: (c) => c.category },
      { name: 'stage', hxl: '#status', value: (c) => c.stage },
      { name: 'stage_at', hxl: '#date+status', value: (c) => c.stageAt },
      { name: 'entered_at', hxl: '#date+entered', value: (c) => c.enteredAt },
      { name: 'provenance', hxl: '#meta+source', value: (c) => c.provenance },
      { name: 'log_index', hxl: '#meta+log_index', value: (c) => c.logIndex },
    ],
  });

  registerListDownload(app, {
    path: '/access/distribution-points',
    summary: 'Distribution points with what they served',
    tags: ['open data', 'access'],
    pageSize: WHOLE,
    page: async () => ({ items: await listPoints(db) }),
    columns: [
      { name: 'id', hxl: '#loc+id', value: (p) => p.id },
      { name: 'kind', hxl: '#loc+type', value: (p) => p.kind },
      { name: 'name_en', hxl: '#loc+name+i_en', value: (p) => p.name.en },
      { name: 'name_ar', hxl: '#loc+name+i_ar', value: (p) => p.name.ar },
      { name: 'governorate', hxl: '#adm2+code', value: (p) => p.governorate },
      { name: 'operator', hxl: '#org+impl+id', value: (p) => p.operator },
      { name: 'lat', hxl: '#geo+lat', value: (p) => p.location?.lat },
      { name: 'lon', hxl: '#geo+lon', value: (p) => p.location?.lon },
      { name: 'reports', hxl: '#meta+reports+num', value: (p) => p.reports },
      { name: 'meals', hxl: '#reached+meals+num', value: (p) => p.served.meals },
      { name: 'parcels', hxl: '#reached+parcels+num', value: (p) => p.served.parcels },
      { name: 'litres', hxl: '#reached+litres+num', value: (p) => p.served.litres },
      { name: 'consultations', hxl: '#reached+consultations+num', value: (p) => p.served.consultations },
      { name: 'households', hxl: '#reached+hh+num', value: (p) => p.households },
      { name: 'log_index', hxl: '#meta+log_index', value: (p) => p.logIndex },
    ],
  });
};
