import type { LocalisedName } from '../api/places';
import type { ExpectedRecord } from './verify-record';

// What the log entry behind each kind of record must hold (the event types of src/domain/*/events.ts),
// so that the page checks not only that an entry is in the log, but that it records what is shown.

/** An organisation: registered by `org.registered`, or by the log's genesis (the secretariat). */
export function orgRecord(org: { id: string; name: LocalisedName; logIndex: number }): ExpectedRecord {
  return org.logIndex === 0
    ? { type: 'log.genesis', payload: { org: { id: org.id, name: org.name } } }
    : { type: 'org.registered', payload: { id: org.id, name: org.name } };
}

export function keyRecord(key: { keyId: string; logIndex: number }): ExpectedRecord {
  return key.logIndex === 0
    ? { type: 'log.genesis', payload: { key: { keyId: key.keyId } } }
    : { type: 'key.registered', payload: { keyId: key.keyId } };
}

export function proposalRecord(proposal: { id: string; title: LocalisedName }): ExpectedRecord {
  return { type: 'proposal.submitted', payload: { proposalId: proposal.id, title: proposal.title } };
}

export function signatureRecord(proposalId: string, kind: string): ExpectedRecord {
  return {
    type: kind === 'objection' ? 'proposal.objected' : 'proposal.approved',
    payload: { proposalId },
  };
}

export function pledgeRecord(pledge: { id: string }, donor: string): ExpectedRecord {
  return { type: 'pledge.recorded', payload: { pledgeId: pledge.id, donor } };
}

export function receiptRecord(receipt: { id: string }, pledgeId: string): ExpectedRecord {
  return { type: 'receipt.recorded', payload: { receiptId: receipt.id, pledgeId } };
}
