import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseEntry, type LogEntry } from '../api/records';
import { useResource } from '../api/use-resource';
import { BackLink } from '../components/back-link';
import { usePageTitle } from '../components/page-title';
import { RecordProof } from '../components/record-proof';
import { ResourceView } from '../components/resource-view';
import { useFormatters } from '../format/use-formatters';
import { paths } from '../router/routes';
import { Link } from '../router/router';

/** Pages of the portal that an entry's payload points to, by the ids it carries. */
function related(entry: LogEntry): { to: string; key: string }[] {
  const payload = (entry.event.payload ?? {}) as Record<string, unknown>;
  const links: { to: string; key: string }[] = [];
  if (typeof payload.proposalId === 'string')
    links.push({ to: paths.decision(payload.proposalId), key: 'decision' });
  if (entry.type === 'org.registered' && typeof payload.id === 'string')
    links.push({ to: paths.org(payload.id), key: 'org' });
  if (typeof payload.org === 'string') links.push({ to: paths.org(payload.org), key: 'org' });
  if (typeof payload.donor === 'string') links.push({ to: paths.donor(payload.donor), key: 'donor' });
  return links;
}

function Entry({ entry }: { entry: LogEntry }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const payload = entry.event.payload;
  return (
    <>
      <h1>{t('entry.heading', { index: format.count(entry.index) })}</h1>
      <section className="section panel" aria-labelledby="entry-proof-heading">
        <h2 id="entry-proof-heading">{t('entry.proof')}</h2>
        <p>{t('entry.proofExplanation')}</p>
        <RecordProof
          logIndex={entry.index}
          expected={{
            type: entry.type,
            payload:
              typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {},
          }}
        />
      </section>
      <dl className="facts">
        <div className="fact">
          <dt>{t('explorer.type')}</dt>
          <dd>
            <code dir="ltr" translate="no">
              {entry.type}
            </code>
          </dd>
        </div>
        <div className="fact">
          <dt>{t('explorer.time')}</dt>
          <dd>
            <time dateTime={entry.time}>{format.dateTime(entry.time)}</time>
          </dd>
        </div>
        <div className="fact">
          <dt>{t('entry.actor')}</dt>
          <dd>
            <code dir="ltr" translate="no" className="wrap">
              {entry.actor}
            </code>
          </dd>
        </div>
        <div className="fact">
          <dt>{t('entry.id')}</dt>
          <dd>
            <code dir="ltr" translate="no">
              {entry.id}
            </code>
          </dd>
        </div>
      </dl>
      {related(entry).length > 0 && (
        <ul className="link-list">
          {related(entry).map((link) => (
            <li key={link.to}>
              <Link to={link.to}>{t(`entry.related.${link.key}`)}</Link>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('entry.event')}</h2>
      <pre className="json" dir="ltr" translate="no" data-event-json>
        {JSON.stringify(entry.event, null, 2)}
      </pre>
      <nav className="pager" aria-label={t('explorer.pages')}>
        {entry.index > 0 && <Link to={paths.entry(entry.index - 1)}>{t('entry.previous')}</Link>}
        <Link to={paths.entry(entry.index + 1)}>{t('entry.next')}</Link>
      </nav>
    </>
  );
}

/** One log entry: its signed event as recorded, and its inclusion in the checkpoint, checked here. */
export function EntryPage({ index }: { index: number }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  usePageTitle(t('entry.heading', { index: format.count(index) }));
  const entry = useResource(`/events/${index}`, parseEntry);
  return (
    <div data-page="entry">
      <BackLink to={paths.explorer()}>{t('explorer.heading')}</BackLink>
      <ResourceView resource={entry} record>
        {(data) => <Entry entry={data} />}
      </ResourceView>
    </div>
  );
}
