import { z } from 'zod';
import { cleanText, i18nText, slugId } from '../common.js';
import { defineEvent } from '../event-type.js';
import { needsFormulaSchema } from '../funds/needs-formula.js';
import { DECISION_TYPES, minorUnits, policySchema } from './policy.js';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash, 64 lower-case hex digits');

export const policyAdopted = defineEvent(
  'policy.adopted',
  1,
  z.strictObject({ policy: policySchema }),
  'Adopts the first approval policy of the log (once; later policies are adopted by a policy-change decision).',
);

export const proposalSubmitted = defineEvent(
  'proposal.submitted',
  1,
  z.strictObject({
    proposalId: slugId,
    decisionType: z.enum(DECISION_TYPES),
    title: i18nText,
    /** what the decision commits, when it is about money */
    amount: z.strictObject({ value: minorUnits, currency: z.string().regex(/^[A-Z]{3}$/) }).optional(),
    /** for a policy change: the policy that takes effect when the decision is made */
    policy: policySchema.optional(),
    /** for a policy change of the needs formula: the formula that takes effect once decided (issue 4) */
    needsFormula: needsFormulaSchema.optional(),
    /** for a member-change decision: the organisation that joins or leaves the members whose approvals count */
    member: z.strictObject({ action: z.enum(['join', 'leave']), org: slugId }).optional(),
    justification: cleanText(4000).optional(),
  }),
  'Puts a decision to the members: it takes effect once the signatures the policy requires are recorded.',
);

export const proposalApproved = defineEvent(
  'proposal.approved',
  1,
  z.strictObject({
    proposalId: slugId,
    /** leaf hash (hex) of the proposal as submitted: an approval counts only for that exact text */
    proposalHash: sha256Hex,
    comment: cleanText(2000).optional(),
  }),
  "Records an organisation's approval of a proposal, signed with its signatory's own key.",
);

export const proposalObjected = defineEvent(
  'proposal.objected',
  1,
  z.strictObject({ proposalId: slugId, proposalHash: sha256Hex, reason: cleanText(4000) }),
  'Records an objection to a proposal, with its reason, on the record.',
);
