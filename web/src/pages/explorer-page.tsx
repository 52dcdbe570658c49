import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchText } from '../api/fetch-text';
import { fetchJson } from '../api/fetch-json';
import { parseEntries, parseLogDescription, type LogDescription, type LogEntry } from '../api/records';
import { useLoaded } from '../api/use-resource';
import { usePageTitle } from '../components/page-title';
import { RecordProof } from '../components/record-proof';
import { ResourceView } from '../components/resource-view';
import { VerificationStatus } from '../components/verification-status';
import { useFormatters } from '../format/use-formatters';
import { paths } from '../router/routes';
import { Link } from '../router/router';

/** Entries per page of the explorer. */
export const ENTRIES_PER_PAGE = 25;

interface ExplorerData {
  readonly log: LogDescription;
  readonly from: number;
  readonly entries: readonly LogEntry[];
  readonly note: string | undefined;
}

/** The signature lines of a signed note (c2sp.org/signed-note): "— <name> <base64>". */
function signers(note: string): string[] {
  return note
    .split('\n')
    .filter((line) => line.startsWith('\u2014 '))
    .map((line) => line.slice(2).split(' ')[0] ?? '');
}

async function loadExplorer(from: number | undefined, signal: AbortSignal): Promise<ExplorerData> {
  const log = await fetchJson('/log', parseLogDescription, signal);
  // Without a start, the newest page: the log is read newest first, and pages go back in time.
  const start = from ?? Math.max(0, log.size - ENTRIES_PER_PAGE);
  const [entries, note] = await Promise.all([
    log.size === 0
      ? Promise.resolve({ items: [] })
      : fetchJson(`/events?from=${start}&limit=${ENTRIES_PER_PAGE}`, parseEntries, signal),
    fetchText('/log/checkpoint', signal).catch(() => undefined),
  ]);
  return { log, from: start, entries: [...entries.items].reverse(), note };
}

function Entries({ data }: { data: ExplorerData }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const { from, log } = data;
  const newer =
    from + ENTRIES_PER_PAGE < log.size ? Math.min(from + ENTRIES_PER_PAGE, log.size - 1) : undefined;
  const older = from > 0 ? Math.max(0, from - ENTRIES_PER_PAGE) : undefined;
  const last = Math.min(from + ENTRIES_PER_PAGE, log.size) - 1;
  return (
    <>
      <p>
        {t('explorer.range', {
          first: format.count(from),
          last: format.count(last),
          size: format.count(log.size),
        })}
      </p>
      <div className="table-scroll">
        <table className="table" data-table="entries">
          <caption>{t('explorer.entriesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('explorer.index')}</th>
              <th scope="col">{t('explorer.type')}</th>
              <th scope="col">{t('explorer.time')}</th>
              <th scope="col">{t('explorer.proof')}</th>
            </tr>
          </thead>
          <tbody>
            {data.entries.map((entry) => (
              <tr key={entry.index} data-entry={entry.index}>
                <th scope="row">
                  <Link to={paths.entry(entry.index)}>{format.count(entry.index)}</Link>
                </th>
                <td>
                  <code dir="ltr" translate="no">
                    {entry.type}
                  </code>
                </td>
                <td>
                  <time dateTime={entry.time}>{format.dateTime(entry.time)}</time>
                </td>
                <td>
                  <RecordProof logIndex={entry.index} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label={t('explorer.pages')}>
        {newer !== undefined && <Link to={paths.explorer(newer)}>{t('explorer.newer')}</Link>}
        {older !== undefined && <Link to={paths.explorer(older)}>{t('explorer.older')}</Link>}
      </nav>
    </>
  );
}

function Checkpoint({ data }: { data: ExplorerData }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const signed = data.note === undefined ? [] : signers(data.note);
  return (
    <>
      {data.log.checkpoint === null ? (
        <p className="notice">{t('explorer.noCheckpoint')}</p>
      ) : (
        <dl className="facts">
          <div className="fact" data-fact="checkpointSize">
            <dt>{t('explorer.checkpointSize')}</dt>
            <dd>{format.count(data.log.checkpoint.size)}</dd>
          </div>
          <div className="fact" data-fact="rootHash">
            <dt>{t('explorer.rootHash')}</dt>
            <dd>
              <code dir="ltr" translate="no" className="wrap">
                {data.log.checkpoint.rootHash}
              </code>
            </dd>
          </div>
        </dl>
      )}
      <h3>{t('explorer.witnesses')}</h3>
      <p>{t('explorer.witnessesExplanation', { quorum: format.count(data.log.quorum) })}</p>
      <div className="table-scroll">
        <table className="table" data-table="witnesses">
          <caption>{t('explorer.witnesses')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('explorer.witness')}</th>
              <th scope="col">{t('explorer.witnessKey')}</th>
              <th scope="col">{t('explorer.cosignature')}</th>
            </tr>
          </thead>
          <tbody>
            {data.log.witnesses.map((witness) => (
              <tr key={witness.name} data-witness={witness.name}>
                <th scope="row" dir="ltr" translate="no">
                  {witness.name}
                </th>
                <td>
                  <code dir="ltr" translate="no" className="wrap">
                    {witness.key}
                  </code>
                </td>
                <td data-cosigned={signed.includes(witness.name)}>
                  {signed.includes(witness.name) ? t('explorer.cosigned') : t('explorer.notCosigned')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.note !== undefined && (
        <details className="data-table">
          <summary>{t('explorer.note')}</summary>
          <pre dir="ltr" translate="no" className="note" data-note>
            {data.note}
          </pre>
        </details>
      )}
    </>
  );
}

/** The log explorer: entries page by page, the checkpoint, its witnesses and their cosignatures. */
export function ExplorerPage({ from }: { from: number | undefined }): ReactNode {
  const { t } = useTranslation();
  usePageTitle(t('explorer.heading'));
  const explorer = useLoaded(`explorer:${from ?? 'latest'}`, (signal) => loadExplorer(from, signal));
  return (
    <div data-page="explorer">
      <h1>{t('explorer.heading')}</h1>
      <p className="lead">{t('explorer.intro')}</p>
      <section className="section panel" aria-labelledby="checkpoint-heading">
        <h2 id="checkpoint-heading">{t('explorer.checkpoint')}</h2>
        <VerificationStatus />
        <ResourceView resource={explorer}>{(data) => <Checkpoint data={data} />}</ResourceView>
      </section>
      <section className="section" aria-labelledby="entries-heading">
        <h2 id="entries-heading">{t('explorer.entries')}</h2>
        <ResourceView resource={explorer}>{(data) => <Entries data={data} />}</ResourceView>
      </section>
    </div>
  );
}
