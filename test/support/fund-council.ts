import { expect } from 'vitest';
import type { Signer } from '../../src/client/signer.js';
import type { Clock } from '../../src/services/clock.js';
import type { CommandService } from '../../src/services/command-service.js';
import type { Store } from '../../src/store/database.js';
import { getProposal } from '../../src/store/decision-repository.js';
import {
  accountBalances,
  fundPosition,
  journalTotals,
  listJournal,
} from '../../src/store/fund-repository.js';
import { isAmanahError } from '../../src/domain/errors.js';
import { testSigner } from './actors.js';
import type { FundCommand, SignerName } from './funds.js';
import { seedCouncil, STATES, type Council } from './governance.js';

export interface FundCouncil extends Council {
  signers: Record<SignerName, Signer>;
  /** sends a fund command; returns 'accepted' or the refusal's code */
  run(cmd: FundCommand): Promise<string>;
}

/**
 * The council of test/support/governance.ts, plus what the fund needs: a second partner (moh), a donor
 * (gulf-fund), Khan Younis, and the decisions of test/support/funds.ts (dec-a and dec-b executed,
 * dec-open still open).
 */
export async function seedFund(svc: CommandService, store: Store, clock: Clock): Promise<FundCouncil> {
  const c = await seedCouncil(svc, clock);
  const moh = testSigner('moh-officer');
  await c.send(c.head, 'org.registered', {
    id: 'moh',
    kind: 'implementing-partner',
    partnerType: 'ministry',
    name: { en: 'Ministry of Health', ar: 'وزارة الصحة' },
  });
  await c.send(c.head, 'key.registered', {
    keyId: moh.keyId,
    publicKey: moh.publicKey,
    org: 'moh',
    holder: 'Project officer',
    roles: ['partner'],
  });
  await c.send(c.head, 'org.registered', {
    id: 'gulf-fund',
    kind: 'donor',
    name: { en: 'Gulf Development Fund', ar: 'صندوق الخليج للتنمية' },
  });
  await c.send(c.head, 'governorate.registered', {
    code: 'PS0270',
    name: { en: 'Khan Younis', ar: 'خان يونس' },
  });
  const decide = async (id: string, value: string, execute: boolean) => {
    await c.send(c.states.qatar!, 'proposal.submitted', {
      proposalId: id,
      decisionType: 'allocation',
      title: { en: `Allocation ${id}`, ar: `تخصيص ${id}` },
      amount: { value, currency: 'USD' },
    });
    if (!execute) return;
    const hash = (await getProposal(store.db, id, clock.now())).hash;
    for (const s of [...STATES.slice(0, 4).map((x) => c.states[x]!), c.palestinian]) {
      await c.send(s, 'proposal.approved', { proposalId: id, proposalHash: hash });
    }
  };
  await decide('dec-a', '60000', true);
  await decide('dec-b', '25000', true);
  await decide('dec-open', '10000', false);
  const signers: Record<SignerName, Signer> = {
    secretariat: c.head,
    qatar: c.states.qatar!,
    mopwh: c.partner,
    moh,
  };
  return {
    ...c,
    signers,
    async run(cmd) {
      try {
        await c.send(signers[cmd.by], cmd.type, cmd.payload);
        return 'accepted';
      } catch (e) {
        if (isAmanahError(e)) return e.code;
        throw e;
      }
    },
  };
}

/**
 * The books balance and agree with the fund's position: Σ debits = Σ credits per currency; each
 * account's balance is the sum of its journal lines; and every figure of the position (summed from the
 * pledges, receipts, … tables) equals the balance of the accounts that hold it.
 */
export async function expectBooksBalance(store: Store): Promise<void> {
  const totals = await journalTotals(store.db);
  for (const [cur, t] of totals) expect(t.debit, `journal in ${cur}`).toBe(t.credit);

  const lines = (await listJournal(store.db, { offset: 0, limit: 1_000_000 })).items;
  const fromLines = new Map<string, bigint>();
  for (const l of lines) {
    const k = `${l.account}|${l.currency}`;
    fromLines.set(k, (fromLines.get(k) ?? 0n) + BigInt(l.debit) - BigInt(l.credit));
  }
  const accounts = await accountBalances(store.db);
  expect(accounts.length).toBe(fromLines.size);
  const bal = new Map<string, bigint>();
  for (const a of accounts) {
    expect(a.debit - a.credit, `${a.account} ${a.currency}`).toBe(
      fromLines.get(`${a.account}|${a.currency}`),
    );
    const kind = a.account.startsWith('cash:committed:')
      ? 'cash:committed'
      : a.account.split(':')[0] === 'cash'
        ? a.account
        : a.account.split(':')[0]!;
    const k = `${kind}|${a.currency}`;
    bal.set(k, (bal.get(k) ?? 0n) + a.debit - a.credit);
  }
  const b = (kind: string, cur: string) => bal.get(`${kind}|${cur}`) ?? 0n;
  for (const p of await fundPosition(store.db)) {
    const c = p.currency;
    expect(BigInt(p.uncommittedCash), `uncommitted ${c}`).toBe(b('cash:uncommitted', c));
    expect(BigInt(p.committedUndisbursed), `committed ${c}`).toBe(b('cash:committed', c));
    expect(BigInt(p.withPartners), `with partners ${c}`).toBe(b('advances', c));
    expect(BigInt(p.spent), `spent ${c}`).toBe(b('spent', c));
    expect(BigInt(p.outstanding), `receivable ${c}`).toBe(b('receivable', c));
    expect(BigInt(p.pledged) - BigInt(p.cancelled), `pledged ${c}`).toBe(-b('pledges', c));
    expect(BigInt(p.convertedOut) - BigInt(p.convertedIn), `exchange ${c}`).toBe(b('exchange', c));
    for (const v of [p.uncommittedCash, p.committedUndisbursed, p.withPartners, p.outstanding]) {
      expect(BigInt(v) >= 0n, `no negative balance in ${c}`).toBe(true);
    }
  }
}
