import type { DemoArea, DemoContext, Step } from '../area.js';
import { DEMO_NEEDS_FORMULA, NEEDS_FACTS } from '../needs-facts.js';

/** Hours before the demo run at which the expired proposal was put, and signed: past its 21 days. */
const EXPIRED_SUBMITTED_HOURS_AGO = 24 * 30;

/**
 * The fund's second part of the demo (issue 4): the needs indicators from the public series, a needs
 * formula adopted by a policy-change decision, allocations measured against it — one within its needs
 * share, one beyond it with the written justification the formula then requires — money following them
 * to partners, and a proposal that expired before it gathered the signatures it needed.
 */
export const fundDemoArea: DemoArea = {
  name: 'fund',
  size: () => STEPS,
  *steps(ctx: DemoContext): Iterable<Step> {
    const head = ctx.signer('secretariat-head');
    const member = (id: string) => ctx.signer(`${id}-signatory`);
    const palestinian = ctx.signer('pal-governance-1');

    for (const f of NEEDS_FACTS) {
      yield {
        signer: head,
        type: 'indicator.recorded',
        payload: {
          indicatorId: `ind-${f.series}-${f.governorate.toLowerCase()}-${f.date}`,
          series: f.series,
          governorate: f.governorate,
          date: f.date,
          value: f.value,
          unit: f.unit,
          source: f.source,
          confidence: f.confidence,
        },
      };
    }

    const approvals = function* (id: string, by: string[], signedHoursAgo?: number): Generator<Step> {
      const cite = ctx.cite(id);
      for (const s of by) {
        yield {
          signer: s === 'pal-governance' ? palestinian : member(s),
          type: 'proposal.approved',
          payload: (m) => ({ proposalId: id, proposalHash: cite(m) }),
          ...(signedHoursAgo !== undefined ? { signedHoursAgo } : {}),
        };
      }
    };

    // The needs formula, adopted by a policy-change decision (its rule: five states and the Palestinian body).
    yield {
      signer: member('qatar'),
      type: 'proposal.submitted',
      ref: 'needs-formula-1',
      payload: {
        proposalId: 'needs-formula-1',
        decisionType: 'policy-change',
        title: DEMO_NEEDS_FORMULA.title,
        needsFormula: DEMO_NEEDS_FORMULA,
        justification:
          'Allocations are measured against damage, displacement and population per governorate, from published series.',
      },
    };
    yield* approvals('needs-formula-1', [
      'pakistan',
      'turkiye',
      'indonesia',
      'egypt',
      'qatar',
      'pal-governance',
    ]);
    yield {
      signer: head,
      type: 'needs-formula.adopted',
      payload: { proposalId: 'needs-formula-1', formula: DEMO_NEEDS_FORMULA },
    };

    // The unpaid remainders of two dollar pledges arrive.
    const receipt = (id: string, pledgeId: string, value: string, date: string): Step => ({
      signer: head,
      type: 'receipt.recorded',
      payload: { receiptId: id, pledgeId, amount: { value, currency: 'USD' }, date, reference: `TRF-${id}` },
    });
    yield receipt('qatar-1b', 'pledge-qatar-1', '1000000000', '2025-12-15');
    yield receipt('saudi-arabia-1b', 'pledge-saudi-arabia-1', '1000000000', '2026-01-12');

    const allocation = function* (a: {
      id: string;
      title: { en: string; ar: string };
      usd: number;
      governorate: string;
      sector: string;
      date: string;
      justification?: string;
    }): Generator<Step> {
      yield {
        signer: member('turkiye'),
        type: 'proposal.submitted',
        ref: a.id,
        payload: {
          proposalId: a.id,
          decisionType: 'allocation',
          title: a.title,
          amount: { value: String(a.usd * 100), currency: 'USD' },
          ...(a.justification ? { justification: a.justification } : {}),
        },
      };
      yield* approvals(a.id, ['turkiye', 'jordan', 'indonesia', 'saudi-arabia', 'pal-governance']);
      yield {
        signer: head,
        type: 'allocation.committed',
        payload: {
          allocationId: a.id,
          proposalId: a.id,
          amount: { value: String(a.usd * 100), currency: 'USD' },
          governorate: a.governorate,
          sector: a.sector,
          date: a.date,
        },
      };
    };

    // Within its needs share: Gaza governorate's housing.
    yield* allocation({
      id: 'alloc-housing-gaza-1',
      title: { en: 'Housing repairs, Gaza governorate', ar: 'ترميم المساكن في محافظة غزة' },
      usd: 5_000_000,
      governorate: 'PS0260',
      sector: 'housing',
      date: '2026-01-20',
    });
    yield {
      signer: head,
      type: 'disbursement.made',
      payload: {
        disbursementId: 'disb-housing-gaza-municipality-1',
        allocationId: 'alloc-housing-gaza-1',
        partner: 'gaza-municipality',
        amount: { value: '200000000', currency: 'USD' },
        date: '2026-02-02',
      },
    };
    yield {
      signer: ctx.signer('gaza-municipality-officer'),
      type: 'expenditure.reported',
      payload: {
        expenditureId: 'exp-housing-gaza-municipality-1',
        disbursementId: 'disb-housing-gaza-municipality-1',
        amount: { value: '80000000', currency: 'USD' },
        date: '2026-03-10',
        description: 'Roof and wall repairs to 60 housing units in Gaza city: materials and labour',
      },
    };

    // Beyond its needs share, so the decision carries the written justification the formula requires.
    yield* allocation({
      id: 'alloc-health-rafah-2',
      title: { en: 'Rafah field hospital', ar: 'المستشفى الميداني في رفح' },
      usd: 8_000_000,
      governorate: 'PS0275',
      sector: 'health',
      date: '2026-02-15',
      justification:
        'Rafah hosts people displaced from the north and the south; the only hospital serving them is out of service, and the needs indicators (from 2023–2024) do not yet show the population it now serves.',
    });
    yield {
      signer: head,
      type: 'disbursement.made',
      payload: {
        disbursementId: 'disb-health-rafah-moh-1',
        allocationId: 'alloc-health-rafah-2',
        partner: 'moh',
        amount: { value: '300000000', currency: 'USD' },
        date: '2026-02-20',
      },
    };
    yield {
      signer: ctx.signer('moh-officer'),
      type: 'expenditure.reported',
      payload: {
        expenditureId: 'exp-health-rafah-moh-1',
        disbursementId: 'disb-health-rafah-moh-1',
        amount: { value: '250000000', currency: 'USD' },
        date: '2026-04-05',
        description: 'Prefabricated wards, generators and medical equipment for the field hospital',
      },
    };
    yield {
      signer: head,
      type: 'refund.recorded',
      payload: {
        refundId: 'refund-health-rafah-moh-1',
        disbursementId: 'disb-health-rafah-moh-1',
        amount: { value: '20000000', currency: 'USD' },
        date: '2026-05-02',
      },
    };

    // A proposal that expired: two approvals within its 21 days, then none; it can no longer take effect.
    yield {
      signer: member('jordan'),
      type: 'proposal.submitted',
      ref: 'alloc-roads-deir-al-balah-1',
      signedHoursAgo: EXPIRED_SUBMITTED_HOURS_AGO,
      payload: {
        proposalId: 'alloc-roads-deir-al-balah-1',
        decisionType: 'allocation',
        title: { en: 'Road clearance, Deir al-Balah', ar: 'فتح الطرق في دير البلح' },
        amount: { value: String(3_000_000 * 100), currency: 'USD' },
      },
    };
    yield* approvals('alloc-roads-deir-al-balah-1', ['jordan', 'egypt'], EXPIRED_SUBMITTED_HOURS_AGO - 20);
  },
};

const STEPS = 15 + 8 + 2 + 7 + 2 + 7 + 3 + 3;
