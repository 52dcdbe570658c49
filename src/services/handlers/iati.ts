import { decideIatiActivityRecorded, decideIatiTransactionsRecorded } from '../../domain/iati/decide.js';
import { iatiActivityRecorded, iatiTransactionsRecorded } from '../../domain/iati/events.js';
import * as iati from '../../store/iati-repository.js';
import { handler, type EventHandler } from './handler.js';

/** Activities and money flows other organisations published in IATI. */
export const IATI_HANDLERS = [
  handler({
    event: iatiActivityRecorded,
    load: () => Promise.resolve(undefined),
    decide: (e, actor) => decideIatiActivityRecorded(e, actor),
    apply: iati.applyIatiActivityRecorded,
  }),
  handler({
    event: iatiTransactionsRecorded,
    load: async (db, e) => ({ activity: await iati.findIatiActivityState(db, e.payload.identifier) }),
    decide: decideIatiTransactionsRecorded,
    apply: iati.applyIatiTransactionsRecorded,
  }),
] as unknown as readonly EventHandler[];
