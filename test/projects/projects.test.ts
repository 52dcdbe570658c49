import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAmanahError, type AmanahError } from '../../src/domain/errors.js';
import { buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import { projectDetail, storeEvidence } from '../../src/services/projects.js';
import { replay } from '../../src/services/replay.js';
import type { Store } from '../../src/store/database.js';
import { getEntry, logSize } from '../../src/store/log-repository.js';
import { projectChainRows } from '../../src/store/project-repository.js';
import { ORIGIN } from '../support/actors.js';
import { testLogKey } from '../support/log-key.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';
import { DATE, projectPayload, seedProjects, type ProjectWorld } from './support.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');
const usd = (value: string) => ({ value, currency: 'USD' });

describe.each(STORE_KINDS)('reconstruction projects on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let svc: CommandService;
  let w: ProjectWorld;
  const clock = fixedClock(NOW);

  beforeEach(async () => {
    clock.set(NOW);
    ({ store, dispose } = await freshStore(kind));
    svc = new CommandService({ store, origin: ORIGIN, clock });
    w = await seedProjects(svc, store, clock);
  });
  afterEach(async () => {
    await svc.close();
    await dispose();
  });

  /** A tranche-release decision for a verification, executed by the members. */
  async function releaseDecision(
    id: string,
    verificationId: string,
    value: string,
    cite = true,
  ): Promise<void> {
    await w.send(w.head, 'proposal.submitted', {
      proposalId: id,
      decisionType: 'tranche-release',
      title: { en: `Tranche ${id}`, ar: `دفعة ${id}` },
      amount: usd(value),
      justification: cite
        ? `Milestone confirmed on site: verification ${verificationId}`
        : 'Milestone reached',
    });
    await w.approveAll(id);
  }

  /** The refusal of a command that must be refused. */
  async function refusal(send: () => Promise<unknown>): Promise<AmanahError> {
    const e = await send().then(
      () => undefined,
      (err: unknown) => err,
    );
    if (!isAmanahError(e)) throw new Error(`expected a refusal, got ${String(e)}`);
    return e;
  }

  it('follows a project from pledge to asset, and the detail shows the whole chain; replay matches', async () => {
    await w.approvedProject('ky-housing-1');
    const v1 = await w.verify('ky-housing-1', 'm1');
    await releaseDecision('rel-ky-1-m1', v1, '10000');
    await w.send(w.head, 'tranche.released', {
      projectId: 'ky-housing-1',
      milestoneId: 'm1',
      verificationId: v1,
      proposalId: 'rel-ky-1-m1',
      disbursementId: 'disb-ky-1-m1',
    });
    await w.send(w.head, 'disbursement.made', {
      disbursementId: 'disb-ky-1-m1',
      allocationId: 'alloc-a',
      partner: 'mopwh',
      amount: usd('10000'),
      date: DATE,
    });
    await w.send(w.partner, 'expenditure.reported', {
      expenditureId: 'exp-ky-1-1',
      disbursementId: 'disb-ky-1-m1',
      amount: usd('9000'),
      date: DATE,
      description: 'Cement, steel and labour for stage 1',
    });
    // procurement
    await w.send(w.partner, 'tender.published', {
      tenderId: 'tender-ky-1',
      projectId: 'ky-housing-1',
      title: 'Structural repair works, 40 housing units',
      method: 'open',
      category: 'works',
      value: usd('20000'),
      tenderPeriod: { start: '2026-11-25T08:00:00.000Z', end: '2026-12-10T16:00:00.000Z' },
    });
    await w.send(w.contractors[0]!, 'bid.submitted', {
      bidId: 'bid-a',
      tenderId: 'tender-ky-1',
      supplier: 'contractor-a',
      value: usd('19000'),
    });
    await w.send(w.contractors[1]!, 'bid.submitted', {
      bidId: 'bid-b',
      tenderId: 'tender-ky-1',
      supplier: 'contractor-b',
      value: usd('18500'),
    });
    await w.send(w.partner, 'award.made', {
      awardId: 'award-ky-1',
      tenderId: 'tender-ky-1',
      bidId: 'bid-b',
      date: DATE,
    });
    const contract = {
      contractId: 'contract-ky-1',
      awardId: 'award-ky-1',
      value: usd('18500'),
      date: DATE,
      period: { start: '2026-12-01', end: '2027-05-31' },
    };
    await w.send(w.partner, 'contract.signed', contract);
    await w.send(w.partner, 'contract.amended', {
      contractId: 'contract-ky-1',
      amendmentId: 'amend-1',
      value: usd('21000'),
      date: DATE,
      rationale: 'Additional roof slabs found damaged on survey',
    });
    // the asset, destroyed after it was rebuilt
    await w.send(w.partner, 'asset.recorded', {
      assetId: 'asset-ky-1',
      projectId: 'ky-housing-1',
      kind: 'housing-unit',
      work: 'repaired',
      count: 12,
      location: { lat: 31.3401, lon: 34.3063 },
      value: usd('9000'),
      date: DATE,
    });
    await w.send(w.protection, 'damage.reported', {
      reportId: 'dmg-1',
      assetId: 'asset-ky-1',
      date: '2026-11-24',
      extent: 'destroyed',
      source: 'Satellite imagery comparison and field visit',
      confidence: 'high',
    });
    // materials: 400 bags in, 420 reported delivered from that receipt
    const items = (q: string) => [
      { item: 'Cement (50 kg bag)', category: 'construction', unit: 'bag', quantity: q },
    ];
    await w.send(w.partner, 'materials.warehoused', {
      receiptId: 'wh-1',
      projectId: 'ky-housing-1',
      warehouse: 'Khan Younis municipal depot',
      date: DATE,
      items: items('400'),
    });
    await w.send(w.partner, 'materials.delivered', {
      deliveryId: 'site-1',
      projectId: 'ky-housing-1',
      receiptId: 'wh-1',
      date: DATE,
      items: items('420'),
    });

    const app = await buildApp({
      store,
      clock,
      origin: ORIGIN,
      web: false,
      log: { key: testLogKey(ORIGIN) },
    });
    try {
      const res = await app.inject('/api/v1/projects/ky-housing-1');
      expect(res.statusCode).toBe(200);
      const d = res.json();
      expect(d).toMatchObject({
        id: 'ky-housing-1',
        status: 'in-progress',
        iati: { purposeCode: '16040' },
        budget: usd('25000'),
        funding: {
          decision: 'ky-housing-1-approval',
          allocation: { id: 'alloc-a', decision: 'dec-a', amount: usd('60000') },
          pooledFrom: [{ donor: 'gulf-fund', pledgeId: 'gulf-1', received: '500000' }],
          tranches: [
            { milestoneId: 'm1', verificationId: v1, disbursementId: 'disb-ky-1-m1', payment: 'paid' },
          ],
          expenditures: [{ id: 'exp-ky-1-1', amount: usd('9000') }],
        },
      });
      expect(d.milestones.map((m: { status: string }) => m.status)).toEqual(['released', 'planned']);
      expect(d.milestones[0].verifications[0].evidence[0].sha256).toBe(w.photo('ky-housing-1/m1').sha256);
      expect(d.procurement[0]).toMatchObject({
        tenderId: 'tender-ky-1',
        status: 'complete',
        bids: [{ id: 'bid-a' }, { id: 'bid-b' }],
        awards: [{ bidId: 'bid-b', supplier: 'contractor-b' }],
        contracts: [
          { value: usd('21000'), originalValue: '18500', amendments: [{ previousValue: '18500' }] },
        ],
      });
      expect(d.assets[0]).toMatchObject({
        status: 'destroyed',
        valueLost: '9000',
        rebuiltThenDestroyed: {
          valueLost: usd('9000'),
          fundedBy: {
            allocationId: 'alloc-a',
            decision: 'dec-a',
            donors: ['gulf-fund'],
            tranchesReleased: ['disb-ky-1-m1'],
          },
        },
      });
      // every public record carries the log entry that recorded it, and that entry is its event
      const recordedBy = async (index: unknown): Promise<{ type: string; body: string }> => {
        expect(index, 'a log index').toEqual(expect.any(Number));
        return getEntry(store.db, index as number);
      };
      const tender = d.procurement[0];
      const contractView = tender.contracts[0];
      for (const [index, type, id] of [
        [tender.logIndex, 'tender.published', 'tender-ky-1'],
        [tender.bids[0].logIndex, 'bid.submitted', 'bid-a'],
        [tender.bids[1].logIndex, 'bid.submitted', 'bid-b'],
        [tender.awards[0].logIndex, 'award.made', 'award-ky-1'],
        [contractView.logIndex, 'contract.signed', 'contract-ky-1'],
        [contractView.amendments[0].logIndex, 'contract.amended', 'amend-1'],
        [d.materials[0].logIndex, 'materials.warehoused', 'wh-1'],
        [d.materials[0].deliveries[0].logIndex, 'materials.delivered', 'site-1'],
        [d.assets[0].logIndex, 'asset.recorded', 'asset-ky-1'],
        [d.assets[0].damage[0].logIndex, 'damage.reported', 'dmg-1'],
      ] as const) {
        const entry = await recordedBy(index);
        expect(entry.type, `${id} at ${String(index)}`).toBe(type);
        expect(entry.body, `${id} at ${String(index)}`).toContain(`"${id}"`);
      }
      expect(d.materials[0].flags).toEqual([
        expect.objectContaining({ kind: 'excess-at-site', expected: '400', recorded: '420' }),
      ]);
      expect(d.flags.map((f: { kind: string }) => f.kind)).toEqual(['materials:excess-at-site']);
      // the evidence file is served byte for byte under its hash
      const photo = w.photo('ky-housing-1/m1');
      const file = await app.inject(`/api/v1/evidence/${photo.sha256}`);
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.equals(photo.bytes)).toBe(true);
      // list, filters, pagination, progress
      const list = (await app.inject('/api/v1/projects?sector=housing&governorate=PS0270&limit=1')).json();
      expect(list).toMatchObject({ total: 1, items: [{ id: 'ky-housing-1', dacCode: '16040' }] });
      expect((await app.inject('/api/v1/projects?sector=health')).json().total).toBe(0);
      expect((await app.inject('/api/v1/projects?status=nonsense')).statusCode).toBe(400);
      const progress = (await app.inject('/api/v1/projects/progress')).json();
      expect(progress.bySector).toEqual([
        expect.objectContaining({
          key: 'housing',
          currency: 'USD',
          projects: 1,
          budget: '25000',
          released: '10000',
          milestones: 2,
          milestonesReleased: 1,
          assetsDestroyed: 1,
          valueLost: '9000',
        }),
      ]);
      expect(progress.byGovernorate[0]).toMatchObject({ key: 'PS0270', projects: 1 });
      const partners = (await app.inject('/api/v1/partners?vetting=cleared')).json();
      expect(partners.items.map((p: { id: string }) => p.id)).toEqual(['moh', 'mopwh']);
      // a partner carries the log entry that registered it
      for (const p of partners.items as { id: string; logIndex: number }[]) {
        const entry = await getEntry(store.db, p.logIndex);
        expect([entry.type, entry.body.includes(`"id":"${p.id}"`)], p.id).toEqual(['org.registered', true]);
      }
      expect((await app.inject('/api/v1/partners/mopwh')).json().logIndex).toBe(partners.items[1].logIndex);
      expect((await app.inject('/api/v1/partners/mopwh')).json()).toMatchObject({
        vetting: 'cleared',
        history: [{ status: 'cleared' }],
      });
      expect((await app.inject('/api/v1/projects/nope')).statusCode).toBe(404);

      // PostgreSQL reads the chain in one statement, through JSON: it must give exactly the rows and
      // types of the part-by-part reads, the largest amount an event may carry included
      await w.send(w.partner, 'asset.recorded', {
        assetId: 'asset-ky-2',
        projectId: 'ky-housing-1',
        kind: 'classroom',
        work: 'built',
        count: 3,
        location: { lat: 31.34, lon: 34.3 },
        value: usd('999999999999999'),
        date: DATE,
      });
      const oneStatement = await projectChainRows(store.db, store.dialect, 'ky-housing-1');
      expect(oneStatement).toEqual(await projectChainRows(store.db, 'sqlite', 'ky-housing-1'));
      // an id that is not a plain identifier is never written into a statement: read as it is
      expect((await projectChainRows(store.db, store.dialect, "x' or 'a'='a")).project).toEqual([]);
      // again, on the now prepared statement, and unprepared inside a transaction
      expect(await projectChainRows(store.db, store.dialect, 'ky-housing-1')).toEqual(oneStatement);
      expect(
        await store.db.transaction().execute((tx) => projectChainRows(tx, store.dialect, 'ky-housing-1')),
      ).toEqual(oneStatement);
      expect(oneStatement.assets[1]).toMatchObject({ value: 999999999999999n, lat: 31.34, count: 3n });
      const again = (await app.inject('/api/v1/projects/ky-housing-1')).json();
      expect(again.assets[1].value).toEqual(usd('999999999999999'));
      expect({ ...again, assets: again.assets.slice(0, 1) }).toEqual(d);

      // the assets across projects: each as the project's detail shows it, with its project
      await w.approvedProject('ky-housing-2', ['5000']);
      await w.send(w.partner, 'asset.recorded', {
        assetId: 'asset-ky2-1',
        projectId: 'ky-housing-2',
        kind: 'housing-unit',
        work: 'built',
        count: 2,
        location: { lat: 31.35, lon: 34.31 },
        value: usd('4000'),
        date: DATE,
      });
      await w.send(w.protection, 'damage.reported', {
        reportId: 'dmg-2',
        assetId: 'asset-ky2-1',
        date: '2026-11-24',
        extent: 'damaged',
        source: 'Field visit',
        confidence: 'medium',
        estimatedLoss: usd('1500'),
      });
      const second = (await app.inject('/api/v1/projects/ky-housing-2')).json();
      const project = (p: typeof again) => ({
        id: p.id,
        title: p.title,
        sector: p.sector,
        governorate: p.governorate,
        partner: p.partner,
      });
      const expected = [
        ...again.assets.map((a: object) => ({ ...a, project: project(again) })),
        ...second.assets.map((a: object) => ({ ...a, project: project(second) })),
      ];
      const all = (await app.inject('/api/v1/assets')).json();
      expect(all).toEqual({ items: expected, total: 3 });
      expect(all.items.map((a: { id: string }) => a.id)).toEqual(['asset-ky-1', 'asset-ky-2', 'asset-ky2-1']);
      // paging, a filter, and one or several states
      expect((await app.inject('/api/v1/assets?offset=1&limit=1')).json()).toEqual({
        items: [expected[1]],
        total: 3,
      });
      expect((await app.inject('/api/v1/assets?project=ky-housing-2')).json().items).toEqual([expected[2]]);
      expect((await app.inject('/api/v1/assets?status=destroyed')).json().items).toEqual([expected[0]]);
      expect(
        (await app.inject('/api/v1/assets?status=damaged&status=destroyed'))
          .json()
          .items.map((a: { id: string; status: string; valueLost: string }) => [a.id, a.status, a.valueLost]),
      ).toEqual([
        ['asset-ky-1', 'destroyed', '9000'],
        ['asset-ky2-1', 'damaged', '1500'],
      ]);
      expect((await app.inject('/api/v1/assets?sector=health')).json()).toEqual({ items: [], total: 0 });
      // the download reads the same list, page by page
      expect((await app.inject('/api/v1/assets.json?status=damaged&status=destroyed')).json()).toEqual({
        items: [expected[0], expected[2]],
        total: 2,
      });
      for (const url of ['/api/v1/assets?status=gone', '/api/v1/assets?status=damaged&status=lost']) {
        const bad = await app.inject(url);
        expect(bad.statusCode, url).toBe(400);
        expect(bad.json().code).toBe('VALIDATION_FAILED');
        expect(JSON.stringify(bad.json().errors), url).toContain('status');
      }
    } finally {
      await app.close().catch(() => undefined);
    }
  });

  it('refuses a tranche release without a confirming verification, and one whose decision does not cite it', async () => {
    await w.approvedProject('p1');
    await releaseDecision('rel-p1-m1', 'ver-p1-m1', '10000');
    const release = {
      projectId: 'p1',
      milestoneId: 'm1',
      verificationId: 'ver-p1-m1',
      proposalId: 'rel-p1-m1',
      disbursementId: 'disb-p1-m1',
    };
    const before = await logSize(store.db);
    expect(await w.attempt(w.head, 'tranche.released', release)).toBe('MILESTONE_NOT_VERIFIED');
    expect(await logSize(store.db)).toBe(before);
    // a verification that does not confirm the milestone releases nothing either
    await w.send(w.partner, 'milestone.reported', {
      projectId: 'p1',
      milestoneId: 'm1',
      date: DATE,
      statement: 'Done',
    });
    const p = w.photo('p1-no');
    await w.send(w.monitor, 'milestone.verified', {
      verificationId: 'ver-p1-m1-a',
      projectId: 'p1',
      milestoneId: 'm1',
      finding: 'not-confirmed',
      position: { lat: 31.34, lon: 34.31 },
      observedAt: '2026-11-25T08:00:00.000Z',
      statement: 'Roof slabs not yet poured',
      photos: [{ sha256: p.sha256, mediaType: 'image/jpeg', bytes: p.bytes.length }],
    });
    expect(await w.attempt(w.head, 'tranche.released', { ...release, verificationId: 'ver-p1-m1-a' })).toBe(
      'MILESTONE_NOT_VERIFIED',
    );
    // reported again, confirmed by a second verification; a decision that does not cite it is refused
    const v2 = await w.verify('p1', 'm1');
    await releaseDecision('rel-p1-m1-b', v2, '10000', false);
    expect(
      await w.attempt(w.head, 'tranche.released', {
        ...release,
        verificationId: v2,
        proposalId: 'rel-p1-m1-b',
      }),
    ).toBe('MILESTONE_NOT_VERIFIED');
    // a decision for another amount is refused
    await releaseDecision('rel-p1-m1-c', v2, '9999');
    expect(
      await w.attempt(w.head, 'tranche.released', {
        ...release,
        verificationId: v2,
        proposalId: 'rel-p1-m1-c',
      }),
    ).toBe('AMOUNT_MISMATCH');
    // an open (not yet decided) decision is refused
    await w.send(w.head, 'proposal.submitted', {
      proposalId: 'rel-p1-m1-open',
      decisionType: 'tranche-release',
      title: { en: 'Open', ar: 'مفتوح' },
      amount: usd('10000'),
      justification: `verification ${v2}`,
    });
    expect(
      await w.attempt(w.head, 'tranche.released', {
        ...release,
        verificationId: v2,
        proposalId: 'rel-p1-m1-open',
      }),
    ).toBe('PROPOSAL_NOT_EXECUTED');
    await releaseDecision('rel-p1-m1-d', v2, '10000');
    expect(
      await w.attempt(w.partner, 'tranche.released', {
        ...release,
        verificationId: v2,
        proposalId: 'rel-p1-m1-d',
      }),
    ).toBe('ROLE_REQUIRED');
    expect(
      await w.attempt(w.head, 'tranche.released', {
        ...release,
        verificationId: v2,
        proposalId: 'rel-p1-m1-d',
      }),
    ).toBe('accepted');
    expect(
      await w.attempt(w.head, 'tranche.released', {
        ...release,
        verificationId: v2,
        proposalId: 'rel-p1-m1-d',
      }),
    ).toBe('PROJECT_STATE_INVALID');
  });

  it('pays a tranche only after its release and only as released; flags money paid before the approval', async () => {
    const disburse = (id: string, value: string, partner = 'mopwh') => ({
      disbursementId: id,
      allocationId: 'alloc-a',
      partner,
      amount: usd(value),
      date: DATE,
    });
    // before any project of mopwh is approved on alloc-a, the fund pays it as any partner
    await w.send(w.head, 'disbursement.made', disburse('disb-before', '5000'));
    await w.approvedProject('p2');
    expect((await projectDetail(store, 'p2')).flags).toEqual([
      expect.objectContaining({
        kind: 'paid-without-release',
        message: expect.objectContaining({ en: expect.stringContaining('disb-before') }),
      }),
    ]);

    // from now on money from alloc-a reaches mopwh only as a released tranche
    const before = await logSize(store.db);
    const unreleased = await refusal(() =>
      w.send(w.head, 'disbursement.made', disburse('disb-early', '10000')),
    );
    expect(unreleased.code).toBe('TRANCHE_NOT_RELEASED');
    expect(unreleased.message).toContain('"mopwh" runs project "p2" funded by allocation "alloc-a"');
    expect(unreleased.message).toContain('no tranche release names disbursement "disb-early"');
    expect(await logSize(store.db)).toBe(before);
    // a tranche release cannot take over money paid before it
    const v = await w.verify('p2', 'm1');
    await releaseDecision('rel-p2-m1', v, '10000');
    const release = {
      projectId: 'p2',
      milestoneId: 'm1',
      verificationId: v,
      proposalId: 'rel-p2-m1',
      disbursementId: 'disb-before',
    };
    const takeOver = await refusal(() => w.send(w.head, 'tranche.released', release));
    expect(takeOver.code).toBe('ALREADY_EXISTS');
    expect(takeOver.message).toContain('a tranche is paid after its release');
    await w.send(w.head, 'tranche.released', { ...release, disbursementId: 'disb-p2-m1' });

    // the payment of a released tranche is exactly the tranche: not more, not less, not to another partner
    const size = await logSize(store.db);
    for (const [value, partner] of [
      ['10001', 'mopwh'],
      ['9999', 'mopwh'],
      ['10000', 'moh'],
    ] as const) {
      const e = await refusal(() =>
        w.send(w.head, 'disbursement.made', disburse('disb-p2-m1', value, partner)),
      );
      expect(e.code).toBe('AMOUNT_MISMATCH');
      expect(e.message).toContain('pays the released tranche of milestone "m1" of project "p2": 100.00 USD');
    }
    expect(await logSize(store.db)).toBe(size);
    await w.send(w.head, 'disbursement.made', disburse('disb-p2-m1', '10000'));
    // the second milestone is not released: its money cannot move yet
    expect(await w.attempt(w.head, 'disbursement.made', disburse('disb-p2-m2', '15000'))).toBe(
      'TRANCHE_NOT_RELEASED',
    );

    const d = await projectDetail(store, 'p2');
    expect(d.funding.tranches).toEqual([
      expect.objectContaining({ disbursementId: 'disb-p2-m1', payment: 'paid' }),
    ]);
    expect(d.funding.disbursements.map((x) => x.id)).toEqual(['disb-p2-m1']);
    expect(d.flags.map((f) => f.kind)).toEqual(['paid-without-release']);
  });

  it('refuses verification by the wrong role; the evidence store takes only cited files that match', async () => {
    await w.approvedProject('p3');
    const p = w.photo('p3');
    const verification = {
      verificationId: 'ver-p3',
      projectId: 'p3',
      milestoneId: 'm1',
      finding: 'confirmed',
      position: { lat: 31.34, lon: 34.31 },
      observedAt: '2026-11-25T08:00:00.000Z',
      statement: 'Seen on site',
      photos: [{ sha256: p.sha256, mediaType: 'image/jpeg', bytes: p.bytes.length }],
    };
    // not reported yet
    expect(await w.attempt(w.monitor, 'milestone.verified', verification)).toBe('PROJECT_STATE_INVALID');
    await w.send(w.partner, 'milestone.reported', {
      projectId: 'p3',
      milestoneId: 'm1',
      date: DATE,
      statement: 'Done',
    });
    // the partner's own staff cannot verify its milestone (its keys cannot hold the monitor role)
    expect(await w.attempt(w.partner, 'milestone.verified', verification)).toBe('ROLE_REQUIRED');
    expect(
      await w.attempt(w.monitor, 'milestone.verified', {
        ...verification,
        observedAt: '2026-11-25T10:00:00.000Z',
      }),
    ).toBe('VALIDATION_FAILED');
    expect(
      await w.attempt(w.monitor, 'milestone.verified', {
        ...verification,
        photos: [verification.photos[0], verification.photos[0]],
      }),
    ).toBe('VALIDATION_FAILED');
    // a file no verification cites is refused
    await expect(storeEvidence(store, clock, p.sha256, 'image/jpeg', p.bytes)).rejects.toMatchObject({
      code: 'EVIDENCE_NOT_CITED',
    });
    expect(await w.attempt(w.monitor, 'milestone.verified', verification)).toBe('accepted');
    await expect(storeEvidence(store, clock, '0'.repeat(64), 'image/jpeg', p.bytes)).rejects.toMatchObject({
      code: 'EVIDENCE_HASH_MISMATCH',
    });
    await expect(storeEvidence(store, clock, p.sha256, 'image/png', p.bytes)).rejects.toMatchObject({
      code: 'EVIDENCE_HASH_MISMATCH',
    });
    expect((await projectDetail(store, 'p3')).milestones[0]!.verifications[0]!.evidence[0]!.stored).toBe(
      false,
    );
    await expect(storeEvidence(store, clock, p.sha256, 'image/jpeg', p.bytes)).resolves.toMatchObject({
      status: 'stored',
    });
    expect((await projectDetail(store, 'p3')).milestones[0]!.verifications[0]!.evidence[0]!.stored).toBe(
      true,
    );
  });

  it('refuses a contract above what the project has not yet contracted, and an amendment that would exceed it', async () => {
    await w.approvedProject('p4', ['10000', '10000']);
    const tender = (id: string) => ({
      tenderId: id,
      projectId: 'p4',
      title: `Works ${id}`,
      method: 'open',
      category: 'works',
      value: usd('15000'),
      tenderPeriod: { start: '2026-11-25T08:00:00.000Z', end: '2026-12-10T16:00:00.000Z' },
    });
    for (const [t, bid, award, value] of [
      ['t1', 'b1', 'a1', '15000'],
      ['t2', 'b2', 'a2', '6000'],
    ] as const) {
      await w.send(w.partner, 'tender.published', tender(t));
      await w.send(w.contractors[0]!, 'bid.submitted', {
        bidId: bid,
        tenderId: t,
        supplier: 'contractor-a',
        value: usd(value),
      });
      await w.send(w.partner, 'award.made', { awardId: award, tenderId: t, bidId: bid, date: DATE });
    }
    const c = (id: string, awardId: string, value: string) => ({
      contractId: id,
      awardId,
      value: usd(value),
      date: DATE,
      period: { start: '2026-12-01', end: '2027-05-31' },
    });
    expect(await w.attempt(w.partner, 'contract.signed', c('c1', 'a1', '20001'))).toBe(
      'CONTRACT_OVER_BUDGET',
    );
    expect(await w.attempt(w.partner, 'contract.signed', c('c1', 'a1', '15000'))).toBe('accepted');
    expect(await w.attempt(w.partner, 'contract.signed', c('c2', 'a2', '6000'))).toBe('CONTRACT_OVER_BUDGET');
    expect(await w.attempt(w.partner, 'contract.signed', c('c2', 'a2', '5000'))).toBe('accepted');
    const amend = (value: string) => ({
      contractId: 'c1',
      amendmentId: 'x1',
      value: usd(value),
      date: DATE,
      rationale: 'More slabs',
    });
    expect(await w.attempt(w.partner, 'contract.amended', amend('15001'))).toBe('CONTRACT_OVER_BUDGET');
    expect(await w.attempt(w.partner, 'contract.amended', amend('14000'))).toBe('accepted');
    // a bid after the tender was awarded, or by someone signing for another supplier, is refused
    expect(
      await w.attempt(w.contractors[1]!, 'bid.submitted', {
        bidId: 'b9',
        tenderId: 't1',
        supplier: 'contractor-b',
        value: usd('1'),
      }),
    ).toBe('PROJECT_STATE_INVALID');
    expect(
      await w.attempt(w.contractors[1]!, 'bid.submitted', {
        bidId: 'b9',
        tenderId: 't1',
        supplier: 'contractor-a',
        value: usd('1'),
      }),
    ).toBe('ROLE_REQUIRED');
  });

  it('keeps projects to vetted partners and approved decisions; amendments are versioned with their reason', async () => {
    await w.send(w.partner, 'proposal.submitted', {
      proposalId: 'p5-approval',
      decisionType: 'project-approval',
      title: { en: 'P5', ar: 'م5' },
      amount: usd('25000'),
    });
    const payload = projectPayload('p5', '25000', ['10000', '15000']);
    expect(await w.attempt(w.partner, 'project.proposed', { ...payload, budget: usd('26000') })).toBe(
      'AMOUNT_MISMATCH',
    );
    expect(await w.attempt(w.partner, 'project.proposed', { ...payload, partner: 'moh' })).toBe(
      'ROLE_REQUIRED',
    );
    await w.send(w.head, 'partner.vetted', {
      partner: 'mopwh',
      status: 'suspended',
      date: DATE,
      reason: 'Audit findings open',
    });
    expect(await w.attempt(w.partner, 'project.proposed', payload)).toBe('PARTNER_NOT_CLEARED');
    await w.send(w.head, 'partner.vetted', {
      partner: 'mopwh',
      status: 'conditional',
      date: DATE,
      reason: 'Audit findings addressed; quarterly reporting',
    });
    expect(await w.attempt(w.partner, 'project.proposed', payload)).toBe('accepted');
    expect(await w.attempt(w.head, 'project.approved', { projectId: 'p5', allocationId: 'alloc-a' })).toBe(
      'PROPOSAL_NOT_EXECUTED',
    );
    expect(
      await w.attempt(w.partner, 'milestone.reported', {
        projectId: 'p5',
        milestoneId: 'm1',
        date: DATE,
        statement: 'x',
      }),
    ).toBe('PROJECT_STATE_INVALID');
    await w.approveAll('p5-approval');
    expect(await w.attempt(w.head, 'project.approved', { projectId: 'p5', allocationId: 'alloc-a' })).toBe(
      'accepted',
    );
    const amend = {
      projectId: 'p5',
      version: 2,
      changes: { beneficiaries: 520 },
      reason: 'Two more buildings in the block',
    };
    expect(await w.attempt(w.partner, 'project.amended', { ...amend, version: 3 })).toBe(
      'PROJECT_VERSION_MISMATCH',
    );
    expect(await w.attempt(w.partner, 'project.amended', amend)).toBe('accepted');
    const d = await projectDetail(store, 'p5');
    expect(d.version).toBe(2);
    expect(d.beneficiaries).toBe(520);
    expect(d.versions.map((v) => [v.version, v.reason])).toEqual([
      [1, null],
      [2, 'Two more buildings in the block'],
    ]);
    const history = (await import('../../src/store/project-repository.js')).vettingHistory;
    expect((await history(store.db, 'mopwh')).map((h) => h.status)).toEqual([
      'cleared',
      'suspended',
      'conditional',
    ]);
  });

  it('rebuilds every projects table exactly on replay', async () => {
    await w.approvedProject('p6');
    const v = await w.verify('p6', 'm1');
    await releaseDecision('rel-p6', v, '10000');
    await w.send(w.head, 'tranche.released', {
      projectId: 'p6',
      milestoneId: 'm1',
      verificationId: v,
      proposalId: 'rel-p6',
      disbursementId: 'disb-p6',
    });
    await w.send(w.partner, 'asset.recorded', {
      assetId: 'asset-p6',
      projectId: 'p6',
      kind: 'classroom',
      work: 'built',
      count: 4,
      location: { lat: 31.3, lon: 34.3 },
      value: usd('8000'),
      date: DATE,
    });
    await w.send(w.protection, 'damage.reported', {
      reportId: 'dmg-p6',
      assetId: 'asset-p6',
      date: DATE,
      extent: 'damaged',
      source: 'Field visit',
      confidence: 'medium',
      estimatedLoss: usd('3000'),
    });
    await svc.close();
    const scratch = await freshStore(kind);
    try {
      const report = await replay(store, scratch.store);
      expect(report.identical, JSON.stringify(report.firstDifference)).toBe(true);
      expect(report.tables.find((t) => t.table === 'project_damage_reports')?.rows).toBe(1);
    } finally {
      await scratch.dispose();
    }
  });
});
