import { SECTORS, type Sector } from '../../domain/funds/events.js';
import type { DemoArea, DemoContext, Step } from '../area.js';
import { GOVERNORATES, PARTNERS } from '../facts.js';
import { demoEvidencePhoto } from './projects-evidence.js';

/*
 * The projects' part of the demo (issue 5): partners vetted (one with a suspension on its record),
 * an allocation per sector and governorate, a few hundred projects proposed by Palestinian partners,
 * the members' approvals, milestones in every state — planned, reported, verified, not confirmed,
 * released with their tranches paid and spent — OCDS-shaped procurement, assets, one asset rebuilt and
 * then destroyed, and a materials chain that does not reconcile.
 */

const BASE_PROJECTS = 250;
const APPROVED = 100; // the base projects i with i % 5 < 2
const CONTRACTORS_USED = 12;
const STATES4 = ['qatar', 'egypt', 'turkiye', 'jordan'];

const MUNICIPALITY: Record<string, string> = {
  PS0255: 'jabalia-municipality',
  PS0260: 'gaza-municipality',
  PS0265: 'deir-al-balah-municipality',
  PS0270: 'khan-younis-municipality',
  PS0275: 'rafah-municipality',
};

const SECTOR_WORDS: Record<Sector, { en: string; ar: string }> = {
  housing: { en: 'Housing repairs', ar: 'ترميم المساكن' },
  education: { en: 'School rehabilitation', ar: 'إعادة تأهيل المدارس' },
  health: { en: 'Primary health centre', ar: 'مركز رعاية صحية أولية' },
  'water-sanitation': { en: 'Water and sewage network', ar: 'شبكة المياه والصرف الصحي' },
  energy: { en: 'Power distribution repairs', ar: 'إصلاح شبكة توزيع الكهرباء' },
  'roads-infrastructure': { en: 'Road reconstruction', ar: 'إعادة بناء الطرق' },
  livelihoods: { en: 'Workshops and small businesses', ar: 'الورش والمشاريع الصغيرة' },
  'rubble-removal': { en: 'Rubble removal', ar: 'إزالة الركام' },
};

const ASSET_OF: Record<Sector, string> = {
  housing: 'housing-unit',
  education: 'classroom',
  health: 'health-facility',
  'water-sanitation': 'water-connection',
  energy: 'power-connection',
  'roads-infrastructure': 'road-km',
  livelihoods: 'workshop',
  'rubble-removal': 'cleared-site',
};

/**
 * The sector and governorate of project i repeat every 40 projects, and project i is approved when
 * i % 5 < 2: so exactly these 16 of the 40 combinations have approved projects, and get an allocation.
 */
const FUNDED_COMBOS = Array.from({ length: 40 }, (_, c) => c)
  .filter((c) => c % 5 < 2)
  .map((c) => ({
    sector: SECTORS[c % SECTORS.length]!,
    governorate: GOVERNORATES[Math.floor(c / SECTORS.length)]!,
  }));

/** Steps an approved project's milestones take, by its approved ordinal j (see `milestoneSteps`). */
function milestoneStepCount(j: number): number {
  const k = j % 10;
  if (k === 0) return 21;
  if (k === 1) return 11;
  if (k === 2 || k === 3) return 10;
  if (k === 4 || k === 5) return 2;
  if (k === 6) return 1;
  return 0;
}

function sizeAt(scale: number): number {
  const vetting = PARTNERS.length + CONTRACTORS_USED + 2;
  const cash = 2;
  const allocations = FUNDED_COMBOS.length * 7;
  const projects = (BASE_PROJECTS + 125 * (scale - 1)) * 2;
  const approvals = APPROVED * 5;
  let milestones = 0;
  for (let j = 0; j < APPROVED; j++) milestones += milestoneStepCount(j);
  const procurement = 30 * 6 + 10;
  const assets = 20 + 3;
  const materials = 20;
  const amendments = 5;
  return (
    vetting +
    cash +
    allocations +
    projects +
    approvals +
    milestones +
    procurement +
    assets +
    materials +
    amendments
  );
}

const pad = (n: number) => String(n).padStart(4, '0');
const usd = (cents: bigint) => ({ value: String(cents), currency: 'USD' });

interface DemoProject {
  i: number;
  id: string;
  sector: Sector;
  governorate: (typeof GOVERNORATES)[number];
  partner: string;
  budget: bigint;
  tranches: [bigint, bigint, bigint];
  lat: number;
  lon: number;
}

function partnerFor(i: number, sector: Sector, gov: string): string {
  switch (sector) {
    case 'housing':
      return i % 2 === 0 ? 'mopwh' : MUNICIPALITY[gov]!;
    case 'education':
      return 'moehe';
    case 'health':
      return i % 2 === 0 ? 'moh' : 'prcs';
    case 'water-sanitation':
      return 'cmwu';
    case 'energy':
      return 'gedco';
    case 'roads-infrastructure':
      return MUNICIPALITY[gov]!;
    case 'livelihoods':
      return 'prcs';
    case 'rubble-removal':
      return `contractor-${pad(1 + (i % (CONTRACTORS_USED - 1)))}`;
  }
}

export const projectsDemoArea: DemoArea = {
  name: 'projects',
  size: sizeAt,
  *steps(ctx: DemoContext): Iterable<Step> {
    const rnd = ctx.rnd;
    const head = ctx.signer('secretariat-head');
    const member = (id: string) => ctx.signer(`${id}-signatory`);
    const palestinian = ctx.signer('pal-governance-1');
    const officer = (org: string) => ctx.signer(`${org}-officer`);
    const monitors = ['secretariat-monitor-1', 'secretariat-monitor-2', 'pal-governance-monitor'].map((n) =>
      ctx.signer(n),
    );
    const approvals = function* (ref: string, states: string[]): Generator<Step> {
      const cite = ctx.cite(ref);
      for (const s of [...states.map(member), palestinian]) {
        yield {
          signer: s,
          type: 'proposal.approved',
          payload: (m) => ({ proposalId: ref, proposalHash: cite(m) }),
        };
      }
    };

    // Vetting: every partner cleared; the Red Crescent first conditionally; one contractor suspended.
    const vet = (partner: string, status: string, date: string, reason: string): Step => ({
      signer: head,
      type: 'partner.vetted',
      payload: { partner, status, date, reason },
    });
    yield vet(
      'prcs',
      'conditional',
      '2025-11-20',
      'Registration and accounts checked; audited statements for 2024 pending',
    );
    for (const p of PARTNERS) {
      yield vet(
        p.id,
        'cleared',
        '2025-12-01',
        'Registration, audited accounts, sanctions and conflict-of-interest screening checked',
      );
    }
    for (let c = 1; c <= CONTRACTORS_USED; c++) {
      yield vet(
        `contractor-${pad(c)}`,
        'cleared',
        '2025-12-05',
        'Registration, licences and sanctions screening checked',
      );
    }
    yield vet(
      `contractor-${pad(CONTRACTORS_USED)}`,
      'suspended',
      '2026-03-02',
      'Invoices for work not verified on site; suspended pending the audit',
    );

    // Cash for the projects' allocations.
    yield {
      signer: head,
      type: 'pledge.recorded',
      payload: {
        pledgeId: 'pledge-qatar-projects',
        donor: 'qatar',
        amount: usd(10_000_000_000n),
        date: '2025-12-10',
      },
    };
    yield {
      signer: head,
      type: 'receipt.recorded',
      payload: {
        receiptId: 'qatar-projects-a',
        pledgeId: 'pledge-qatar-projects',
        amount: usd(9_000_000_000n),
        date: '2025-12-20',
        reference: 'TRF-qatar-projects-a',
      },
    };

    // An allocation per funded sector and governorate, each decided by four states and the Palestinian body.
    const allocationOf = (sector: Sector, gov: string) => `alloc-prj-${sector}-${gov.toLowerCase()}`;
    for (const { sector, governorate: g } of FUNDED_COMBOS) {
      {
        const id = allocationOf(sector, g.code);
        yield {
          signer: member('qatar'),
          type: 'proposal.submitted',
          ref: id,
          payload: {
            proposalId: id,
            decisionType: 'allocation',
            title: {
              en: `${SECTOR_WORDS[sector].en}: ${g.en} projects`,
              ar: `${SECTOR_WORDS[sector].ar}: مشاريع ${g.ar}`,
            },
            amount: usd(500_000_000n),
            justification: `Funds the partners' approved ${sector} projects in ${g.en}; tranches are released against verified milestones.`,
          },
        };
        yield* approvals(id, STATES4);
        yield {
          signer: head,
          type: 'allocation.committed',
          payload: {
            allocationId: id,
            proposalId: id,
            amount: usd(500_000_000n),
            governorate: g.code,
            sector,
            date: '2026-01-15',
          },
        };
      }
    }

    // Projects, proposed by their partners with the project-approval proposal each one cites.
    const total = BASE_PROJECTS + 125 * (ctx.scale - 1);
    const approved: DemoProject[] = [];
    for (let i = 0; i < total; i++) {
      const sector = SECTORS[i % SECTORS.length]!;
      const governorate = GOVERNORATES[Math.floor(i / SECTORS.length) % GOVERNORATES.length]!;
      const partner = partnerFor(i, sector, governorate.code);
      const budget = BigInt(rnd.int(10, 90)) * 1_000_000n; // $100,000 – $900,000 in cents
      const t1 = (budget * 3n) / 10n;
      const t2 = (budget * 4n) / 10n;
      const p: DemoProject = {
        i,
        id: `prj-${pad(i + 1)}`,
        sector,
        governorate,
        partner,
        budget,
        tranches: [t1, t2, budget - t1 - t2],
        lat: Math.round((governorate.lat + (rnd.next() - 0.5) * 0.03) * 1e6) / 1e6,
        lon: Math.round((governorate.lon + (rnd.next() - 0.5) * 0.03) * 1e6) / 1e6,
      };
      const words = SECTOR_WORDS[sector];
      yield {
        signer: officer(partner),
        type: 'proposal.submitted',
        ref: `${p.id}-approval`,
        payload: {
          proposalId: `${p.id}-approval`,
          decisionType: 'project-approval',
          title: {
            en: `${words.en}, ${governorate.en} (${p.id})`,
            ar: `${words.ar}، ${governorate.ar} (${p.id})`,
          },
          amount: usd(budget),
        },
      };
      const d = 0.002;
      yield {
        signer: officer(partner),
        type: 'project.proposed',
        payload: {
          projectId: p.id,
          proposalId: `${p.id}-approval`,
          partner,
          title: {
            en: `${words.en}, ${governorate.en} (${p.id})`,
            ar: `${words.ar}، ${governorate.ar} (${p.id})`,
          },
          sector,
          governorate: governorate.code,
          location:
            i % 7 === 0
              ? {
                  type: 'polygon',
                  ring: [
                    [p.lon, p.lat],
                    [p.lon + d, p.lat],
                    [p.lon + d, p.lat + d],
                    [p.lon, p.lat + d],
                    [p.lon, p.lat],
                  ],
                }
              : { type: 'point', lat: p.lat, lon: p.lon },
          budget: usd(budget),
          beneficiaries: rnd.int(200, 20_000),
          plannedStart: '2026-02-01',
          plannedEnd: '2027-12-31',
          milestones: p.tranches.map((t, k) => ({
            milestoneId: `m${k + 1}`,
            title: [
              { en: 'Site cleared and structural survey done', ar: 'تجهيز الموقع وإنجاز المسح الإنشائي' },
              { en: 'Structure repaired or rebuilt', ar: 'ترميم الهيكل أو إعادة بنائه' },
              { en: 'Finishing and handover', ar: 'التشطيب والتسليم' },
            ][k]!,
            due: ['2026-06-30', '2027-03-31', '2027-12-31'][k]!,
            tranche: usd(t),
          })),
        },
      };
      if (i < BASE_PROJECTS && i % 5 < 2) approved.push(p);
    }

    // The members approve 100 of them; the secretariat records each approval with its allocation.
    for (const p of approved) {
      yield* approvals(`${p.id}-approval`, STATES4.slice(0, 3));
      yield {
        signer: head,
        type: 'project.approved',
        payload: { projectId: p.id, allocationId: allocationOf(p.sector, p.governorate.code) },
      };
    }

    // Milestones in every state.
    let monitorTurn = 0;
    const report = (p: DemoProject, m: number): Step => ({
      signer: officer(p.partner),
      type: 'milestone.reported',
      payload: {
        projectId: p.id,
        milestoneId: `m${m}`,
        date: '2026-11-10',
        statement: 'Works of this stage completed; ready for verification',
      },
    });
    const verify = (p: DemoProject, m: number, finding: 'confirmed' | 'not-confirmed'): Step => {
      // a generated image of the site, stored in the evidence store once the verification is recorded
      const photo = demoEvidencePhoto({
        seed: ctx.seed,
        projectId: p.id,
        milestone: m,
        verificationId: `ver-${p.id}-m${m}`,
        confirmed: finding === 'confirmed',
        variant: rnd.int(0, 2 ** 30),
      });
      return {
        signer: monitors[monitorTurn++ % monitors.length]!,
        type: 'milestone.verified',
        payload: {
          verificationId: `ver-${p.id}-m${m}`,
          projectId: p.id,
          milestoneId: `m${m}`,
          finding,
          position: { lat: p.lat, lon: p.lon },
          observedAt: '2026-11-12T09:30:00.000Z',
          statement:
            finding === 'confirmed'
              ? 'Works seen on site as reported; photos from the four corners of the site'
              : 'Works not complete as reported: roof slabs not yet poured',
          photos: [{ sha256: photo.sha256, mediaType: photo.mediaType, bytes: photo.bytes }],
        },
        evidence: [photo],
      };
    };
    const release = function* (p: DemoProject, m: number): Generator<Step> {
      yield report(p, m);
      yield verify(p, m, 'confirmed');
      const ref = `${p.id}-m${m}-release`;
      yield {
        signer: head,
        type: 'proposal.submitted',
        ref,
        payload: {
          proposalId: ref,
          decisionType: 'tranche-release',
          title: { en: `Tranche ${m} of ${p.id}`, ar: `الدفعة ${m} من ${p.id}` },
          amount: usd(p.tranches[m - 1]!),
          justification: `Field verification ver-${p.id}-m${m} confirmed milestone m${m} on site.`,
        },
      };
      yield* approvals(ref, STATES4);
      yield {
        signer: head,
        type: 'tranche.released',
        payload: {
          projectId: p.id,
          milestoneId: `m${m}`,
          verificationId: `ver-${p.id}-m${m}`,
          proposalId: ref,
          disbursementId: `disb-${p.id}-m${m}`,
        },
      };
      yield {
        signer: head,
        type: 'disbursement.made',
        payload: {
          disbursementId: `disb-${p.id}-m${m}`,
          allocationId: allocationOf(p.sector, p.governorate.code),
          partner: p.partner,
          amount: usd(p.tranches[m - 1]!),
          date: '2026-11-18',
        },
      };
    };
    for (let j = 0; j < approved.length; j++) {
      const p = approved[j]!;
      const k = j % 10;
      if (k <= 3) {
        yield* release(p, 1);
        if (k === 0) yield* release(p, 2);
        if (k <= 1) {
          yield {
            signer: officer(p.partner),
            type: 'expenditure.reported',
            payload: {
              expenditureId: `exp-${p.id}-m1`,
              disbursementId: `disb-${p.id}-m1`,
              amount: usd((p.tranches[0] * 8n) / 10n),
              date: '2026-11-19',
              description: 'Materials, labour and site supervision of the first stage',
            },
          };
        }
      } else if (k === 4) {
        yield report(p, 1);
        yield verify(p, 1, 'confirmed');
      } else if (k === 5) {
        yield report(p, 1);
        yield verify(p, 1, 'not-confirmed');
      } else if (k === 6) {
        yield report(p, 1);
      }
    }

    // Procurement for 30 projects: a tender, three bids, the award and the contract; ten amended.
    const contractors = Array.from({ length: CONTRACTORS_USED - 1 }, (_, c) => `contractor-${pad(c + 1)}`);
    for (let j = 0; j < approved.length; j++) {
      if (j % 10 > 2) continue;
      const p = approved[j]!;
      const tenderId = `tender-${p.id}`;
      const value = (p.budget * 6n) / 10n;
      yield {
        signer: officer(p.partner),
        type: 'tender.published',
        payload: {
          tenderId,
          projectId: p.id,
          title: `${SECTOR_WORDS[p.sector].en} works, ${p.governorate.en} (${p.id})`,
          method: 'open',
          category: 'works',
          value: usd(value),
          tenderPeriod: { start: '2026-10-01T08:00:00.000Z', end: '2027-12-31T16:00:00.000Z' },
        },
      };
      const bidders = contractors.filter((c) => c !== p.partner);
      const start = rnd.int(0, bidders.length - 1);
      const bids: Array<{ id: string; supplier: string; value: bigint }> = [];
      for (let b = 0; b < 3; b++) {
        const supplier = bidders[(start + b) % bidders.length]!;
        const bidValue = (value * BigInt(rnd.int(85, 99))) / 100n;
        bids.push({ id: `bid-${p.id}-${b + 1}`, supplier, value: bidValue });
        yield {
          signer: officer(supplier),
          type: 'bid.submitted',
          payload: { bidId: `bid-${p.id}-${b + 1}`, tenderId, supplier, value: usd(bidValue) },
        };
      }
      const best = bids.reduce((a, b) => (b.value < a.value ? b : a));
      yield {
        signer: officer(p.partner),
        type: 'award.made',
        payload: { awardId: `award-${p.id}`, tenderId, bidId: best.id, date: '2026-11-05' },
      };
      yield {
        signer: officer(p.partner),
        type: 'contract.signed',
        payload: {
          contractId: `contract-${p.id}`,
          awardId: `award-${p.id}`,
          value: usd(best.value),
          date: '2026-11-08',
          period: { start: '2026-11-15', end: '2027-10-31' },
        },
      };
      if (j % 10 === 0) {
        yield {
          signer: officer(p.partner),
          type: 'contract.amended',
          payload: {
            contractId: `contract-${p.id}`,
            amendmentId: `contract-${p.id}-amend-1`,
            value: usd((best.value * 11n) / 10n),
            date: '2026-11-20',
            rationale: 'Further structural damage found when the site was cleared',
          },
        };
      }
    }

    // Assets of the 20 projects whose first tranche was paid and spent; damage to three of them.
    const withAssets = approved.filter((_, j) => j % 10 <= 1);
    for (const p of withAssets) {
      yield {
        signer: officer(p.partner),
        type: 'asset.recorded',
        payload: {
          assetId: `asset-${p.id}`,
          projectId: p.id,
          kind: ASSET_OF[p.sector],
          work: p.i % 2 === 0 ? 'repaired' : 'built',
          count: rnd.int(2, 40),
          location: { lat: p.lat, lon: p.lon },
          value: usd(p.tranches[0]),
          date: '2026-11-15',
        },
      };
    }
    const destroyed = withAssets[0]!;
    yield {
      signer: ctx.signer('secretariat-protection'),
      type: 'damage.reported',
      payload: {
        reportId: `damage-${destroyed.id}-1`,
        assetId: `asset-${destroyed.id}`,
        date: '2026-11-22',
        extent: 'destroyed',
        source: 'Satellite imagery comparison (22 November 2026) confirmed by a field visit',
        confidence: 'high',
        description: 'The repaired units were destroyed again; the site is rubble',
      },
    };
    for (const p of withAssets.slice(1, 3)) {
      yield {
        signer: monitors[0]!,
        type: 'damage.reported',
        payload: {
          reportId: `damage-${p.id}-1`,
          assetId: `asset-${p.id}`,
          date: '2026-11-21',
          extent: 'damaged',
          source: 'Field visit',
          confidence: 'medium',
          estimatedLoss: usd(p.tranches[0] / 4n),
          description: 'Windows and part of the façade damaged',
        },
      };
    }

    // Construction materials for ten projects, warehouse to site; one delivery does not reconcile.
    const mat = (cement: number, steel: number) => [
      { item: 'Cement (50 kg bag)', category: 'construction', unit: 'bag', quantity: String(cement) },
      { item: 'Reinforcing steel bar', category: 'construction', unit: 'tonne', quantity: String(steel) },
    ];
    for (const p of approved.filter((_, j) => j % 10 === 0)) {
      const cement = rnd.int(200, 1200);
      const steel = rnd.int(5, 40);
      yield {
        signer: officer(p.partner),
        type: 'materials.warehoused',
        payload: {
          receiptId: `wh-${p.id}`,
          projectId: p.id,
          warehouse: `${p.governorate.en} materials depot`,
          date: '2026-11-09',
          items: mat(cement, steel),
        },
      };
      // The first project's site records more cement than its warehouse receipt released.
      const delivered = p === approved[0] ? cement + 60 : cement - rnd.int(0, 100);
      yield {
        signer: officer(p.partner),
        type: 'materials.delivered',
        payload: {
          deliveryId: `site-${p.id}`,
          projectId: p.id,
          receiptId: `wh-${p.id}`,
          date: '2026-11-11',
          items: mat(delivered, steel),
        },
      };
    }

    // Amendments, each with its reason.
    for (const j of [7, 17, 27, 37, 47]) {
      const p = approved[j]!;
      yield {
        signer: officer(p.partner),
        type: 'project.amended',
        payload: {
          projectId: p.id,
          version: 2,
          changes: { beneficiaries: rnd.int(200, 20_000), plannedEnd: '2028-03-31' },
          reason: 'Displaced families returned to the area; the works extend to the neighbouring block',
        },
      };
    }
  },
};
