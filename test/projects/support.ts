import { createHash } from 'node:crypto';
import type { Signer } from '../../src/client/signer.js';
import { isAmanahError } from '../../src/domain/errors.js';
import type { Clock } from '../../src/services/clock.js';
import type { CommandService } from '../../src/services/command-service.js';
import { storeEvidence } from '../../src/services/projects.js';
import type { Store } from '../../src/store/database.js';
import { getProposal } from '../../src/store/decision-repository.js';
import { testSigner } from '../support/actors.js';
import { seedFund, type FundCouncil } from '../support/fund-council.js';
import { STATES } from '../support/governance.js';

export const DATE = '2026-11-20';

export interface ProjectWorld extends FundCouncil {
  monitor: Signer;
  protection: Signer;
  contractors: Signer[];
  /** sends; resolves to 'accepted' or the refusal's code */
  attempt(signer: Signer, type: string, payload: Record<string, unknown>): Promise<string>;
  /** approves a proposal with enough member states and the Palestinian body for any tier */
  approveAll(proposalId: string): Promise<void>;
  /** a project of mopwh, proposed and approved, funded by allocation "alloc-a" (housing, Khan Younis) */
  approvedProject(id: string, tranches?: string[]): Promise<void>;
  /** reports and verifies a milestone (confirmed), then uploads its photo; returns the verification id */
  verify(projectId: string, milestoneId: string): Promise<string>;
  photo(seed: string): { bytes: Buffer; sha256: string };
}

const usd = (value: string) => ({ value, currency: 'USD' });

/**
 * The fund council (test/support/fund-council.ts) plus what projects need: cash received and an
 * allocation "alloc-a" for housing in Khan Younis, a field monitor of the secretariat, a protection
 * officer, two contractors with keys, and mopwh and moh vetted.
 */
export async function seedProjects(svc: CommandService, store: Store, clock: Clock): Promise<ProjectWorld> {
  const f = await seedFund(svc, store, clock);
  const key = async (s: Signer, org: string, roles: string[]) =>
    f.send(f.head, 'key.registered', {
      keyId: s.keyId,
      publicKey: s.publicKey,
      org,
      holder: 'Officer',
      roles,
    });
  const monitor = testSigner('monitor');
  const protection = testSigner('protection');
  await key(monitor, 'secretariat', ['field-monitor']);
  await key(protection, 'secretariat', ['protection-officer']);
  const contractors: Signer[] = [];
  for (const id of ['contractor-a', 'contractor-b']) {
    await f.send(f.head, 'org.registered', {
      id,
      kind: 'implementing-partner',
      partnerType: 'contractor',
      name: { en: `Contractor ${id}`, ar: `مقاول ${id}` },
    });
    const s = testSigner(id);
    await key(s, id, ['partner']);
    contractors.push(s);
  }
  for (const partner of ['mopwh', 'moh']) {
    await f.send(f.head, 'partner.vetted', {
      partner,
      status: 'cleared',
      date: DATE,
      reason: 'Registration, audited accounts and sanctions screening checked',
    });
  }
  await f.send(f.head, 'pledge.recorded', {
    pledgeId: 'gulf-1',
    donor: 'gulf-fund',
    amount: usd('500000'),
    date: DATE,
  });
  await f.send(f.head, 'receipt.recorded', {
    receiptId: 'rcpt-1',
    pledgeId: 'gulf-1',
    amount: usd('500000'),
    date: DATE,
    reference: 'SWIFT-1',
  });
  await f.send(f.head, 'allocation.committed', {
    allocationId: 'alloc-a',
    proposalId: 'dec-a',
    amount: usd('60000'),
    governorate: 'PS0270',
    sector: 'housing',
    date: DATE,
  });

  const approveAll = async (proposalId: string) => {
    const hash = (await getProposal(store.db, proposalId, clock.now())).hash;
    for (const s of [...STATES.slice(0, 4).map((x) => f.states[x]!), f.palestinian]) {
      await f.send(s, 'proposal.approved', { proposalId, proposalHash: hash });
    }
  };
  const photo = (seed: string) => {
    // A tiny stand-in for a JPEG: the store checks the hash, not the picture.
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`photo:${seed}`)]);
    return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  };
  const world: ProjectWorld = {
    ...f,
    monitor,
    protection,
    contractors,
    photo,
    approveAll,
    async attempt(signer, type, payload) {
      try {
        await f.send(signer, type, payload);
        return 'accepted';
      } catch (e) {
        if (isAmanahError(e)) return e.code;
        throw e;
      }
    },
    async approvedProject(id, tranches = ['10000', '15000']) {
      const budget = tranches.reduce((a, b) => a + BigInt(b), 0n).toString();
      await f.send(f.partner, 'proposal.submitted', {
        proposalId: `${id}-approval`,
        decisionType: 'project-approval',
        title: { en: `Project ${id}`, ar: `مشروع ${id}` },
        amount: usd(budget),
      });
      await f.send(f.partner, 'project.proposed', projectPayload(id, budget, tranches));
      await approveAll(`${id}-approval`);
      await f.send(f.head, 'project.approved', { projectId: id, allocationId: 'alloc-a' });
    },
    async verify(projectId, milestoneId) {
      await f.send(f.partner, 'milestone.reported', {
        projectId,
        milestoneId,
        date: DATE,
        statement: 'Structural repairs finished',
      });
      const p = photo(`${projectId}/${milestoneId}`);
      const verificationId = `ver-${projectId}-${milestoneId}`;
      await f.send(monitor, 'milestone.verified', {
        verificationId,
        projectId,
        milestoneId,
        finding: 'confirmed',
        position: { lat: 31.3401, lon: 34.3063 },
        observedAt: new Date(clock.now().getTime() - 3_600_000).toISOString(),
        statement: 'Walls and roof repaired as reported; 12 units inhabited',
        photos: [{ sha256: p.sha256, mediaType: 'image/jpeg', bytes: p.bytes.length }],
      });
      // uploaded once the verification is on the log (monitors often sign offline)
      await storeEvidence(store, clock, p.sha256, 'image/jpeg', p.bytes);
      return verificationId;
    },
  };
  return world;
}

export function projectPayload(id: string, budget: string, tranches: string[]): Record<string, unknown> {
  return {
    projectId: id,
    proposalId: `${id}-approval`,
    partner: 'mopwh',
    title: { en: `Housing repairs ${id}`, ar: `ترميم مساكن ${id}` },
    sector: 'housing',
    governorate: 'PS0270',
    location: { type: 'point', lat: 31.3401, lon: 34.3063 },
    budget: usd(budget),
    beneficiaries: 480,
    plannedStart: '2026-12-01',
    plannedEnd: '2027-06-30',
    milestones: tranches.map((t, i) => ({
      milestoneId: `m${i + 1}`,
      title: { en: `Stage ${i + 1}`, ar: `المرحلة ${i + 1}` },
      due: `2027-0${i + 2}-01`,
      tranche: usd(t),
    })),
  };
}
