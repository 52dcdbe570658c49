import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  parseAccessCrossings,
  parseConsignmentDetail,
  type ConsignmentDetail,
} from '../api/consignment-records';
import { SLUG_ID } from '../api/list-query';
import { useResource } from '../api/use-resource';
import { BackLink } from '../components/back-link';
import { LogLink } from '../components/log-link';
import { usePageTitle } from '../components/page-title';
import { RecordProof } from '../components/record-proof';
import { RecordTable } from '../components/record-table';
import { ResourceView } from '../components/resource-view';
import { useFormatters, type Formatters } from '../format/use-formatters';
import { paths } from '../router/routes';
import { Link } from '../router/router';
import { CrossingName } from './consignments-page';
import { NotFoundPage } from './not-found-page';

/** A wait in hours (or days beyond two days), for the time a consignment spent before a stage. */
function duration(seconds: number, t: ReturnType<typeof useTranslation>['t'], format: Formatters): string {
  const hours = seconds / 3600;
  return hours >= 48
    ? t('consignment.days', { n: format.count(Math.round(hours / 24)) })
    : t('consignment.hours', { n: format.count(Math.round(hours)) });
}

function Destination({ kind, id }: { kind: string; id: string }): ReactNode {
  const { t } = useTranslation();
  return (
    <>
      {t(`destination.${kind}`, { defaultValue: kind })}{' '}
      {kind === 'distribution-point' ? (
        <Link to={paths.distributionPoints()}>
          <code dir="ltr">{id}</code>
        </Link>
      ) : (
        <code dir="ltr">{id}</code>
      )}
    </>
  );
}

function Consignment({ consignment: c }: { consignment: ConsignmentDetail }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const crossings = useResource('/access/crossings', parseAccessCrossings);
  usePageTitle(t('consignment.title', { id: c.id }));
  const rejections = c.stages.flatMap((s) =>
    s.rejected.map((r) => ({ ...r, at: s.at, logIndex: s.logIndex })),
  );
  return (
    <>
      <h1>
        {t('consignment.heading')}{' '}
        <code dir="ltr" className="nowrap">
          {c.id}
        </code>
      </h1>
      <dl className="facts" data-facts="consignment">
        <div className="fact" data-fact="stage">
          <dt>{t('consignments.stage')}</dt>
          <dd>
            <span className={`badge badge--${c.stage}`}>
              {t(`stage.${c.stage}`, { defaultValue: c.stage })}
            </span>{' '}
            <time dateTime={c.stageAt}>{format.dateTime(c.stageAt)}</time>
          </dd>
        </div>
        <div className="fact" data-fact="crossing">
          <dt>{t('consignments.crossing')}</dt>
          <dd>
            <CrossingName
              code={c.crossing}
              crossings={crossings.state.status === 'ready' ? crossings.state.data : undefined}
            />
          </dd>
        </div>
        <div className="fact" data-fact="category">
          <dt>{t('consignments.category')}</dt>
          <dd>{t(`category.${c.category}`, { defaultValue: c.category })}</dd>
        </div>
        <div className="fact" data-fact="trucks">
          <dt>{t('consignments.trucks')}</dt>
          <dd>{format.count(c.trucks)}</dd>
        </div>
        {c.weightKg !== null && (
          <div className="fact" data-fact="weight">
            <dt>{t('consignment.weight')}</dt>
            <dd>{t('consignment.kg', { n: format.count(c.weightKg) })}</dd>
          </div>
        )}
        <div className="fact" data-fact="requested">
          <dt>{t('consignments.requested')}</dt>
          <dd>
            <time dateTime={c.requestedAt}>{format.dateTime(c.requestedAt)}</time>
          </dd>
        </div>
        {(c.donor !== null || c.sender !== null) && (
          <div className="fact" data-fact="donor">
            <dt>{t('consignment.donor')}</dt>
            <dd>
              <bdi>{c.donor ?? c.sender}</bdi>
            </dd>
          </div>
        )}
        <div className="fact" data-fact="log">
          <dt>{t('project.logEntry')}</dt>
          <dd>
            <LogLink index={c.logIndex} />
          </dd>
        </div>
      </dl>
      <p>
        <RecordProof logIndex={c.logIndex} />
      </p>

      <section className="section" aria-labelledby="manifest-heading" data-section="manifest">
        <h2 id="manifest-heading">{t('consignment.manifest')}</h2>
        <RecordTable
          name="manifest"
          caption={t('consignment.manifest')}
          columns={[
            t('project.item'),
            t('project.unit'),
            t('consignment.quantity'),
            t('consignment.rejected'),
            t('project.entered'),
            t('consignment.delivered'),
            t('consignment.lost'),
          ]}
          rows={c.items}
          row={(i) => (
            <tr key={i.item} data-item={i.item}>
              <th scope="row">
                <bdi>{i.item}</bdi>
              </th>
              <td>
                <bdi>{i.unit}</bdi>
              </td>
              <td>{format.count(i.quantity)}</td>
              <td>{format.count(i.rejected)}</td>
              <td>{format.count(i.entered)}</td>
              <td>{format.count(i.delivered)}</td>
              <td>{format.count(i.lost)}</td>
            </tr>
          )}
        />
      </section>

      <section className="section" aria-labelledby="stages-heading" data-section="stages">
        <h2 id="stages-heading">{t('consignment.stages')}</h2>
        <ol className="timeline">
          <li data-stage="requested">
            <strong>{t('stage.requested')}</strong> ·{' '}
            <time dateTime={c.requestedAt}>{format.dateTime(c.requestedAt)}</time>
          </li>
          {c.stages.map((s, i) => (
            <li key={i} data-stage={s.stage} className={`timeline__stage timeline__stage--${s.stage}`}>
              <strong>{t(`stage.${s.stage}`, { defaultValue: s.stage })}</strong> ·{' '}
              <time dateTime={s.at}>{format.dateTime(s.at)}</time>{' '}
              <span className="muted">
                ({t('consignment.after', { wait: duration(s.secondsSincePrevious, t, format) })})
              </span>{' '}
              · <LogLink index={s.logIndex} />
              {s.reason !== null && (
                <p className="stage-reason">
                  <span className="muted">{t('consignment.reason')}</span>
                  <span className="statement" dir="auto">
                    {s.reason}
                  </span>
                </p>
              )}
              {s.destination !== null && (
                <p>
                  {t('consignment.deliveredTo')}: <Destination {...s.destination} />
                </p>
              )}
            </li>
          ))}
        </ol>
      </section>

      <section className="section" aria-labelledby="rejections-heading" data-section="rejections">
        <h2 id="rejections-heading">{t('consignment.rejections')}</h2>
        <RecordTable
          name="rejections"
          caption={t('consignment.rejections')}
          columns={[
            t('project.item'),
            t('consignment.quantity'),
            t('consignment.reason'),
            t('consignment.listVersion'),
            t('project.logEntry'),
          ]}
          rows={rejections}
          empty={t('consignment.noRejections')}
          row={(r, i) => (
            <tr key={i} data-rejection={r.item}>
              <th scope="row">
                <bdi>{r.item}</bdi>
              </th>
              <td>{format.count(r.quantity)}</td>
              <td className="wrap-cell">
                <bdi>{r.reason}</bdi>
              </td>
              <td>
                {r.listVersion === null ? (
                  '—'
                ) : (
                  <a href={`/api/v1/access/dual-use/${r.listVersion}`}>
                    {t('consignment.version', { n: format.count(r.listVersion) })}
                  </a>
                )}
              </td>
              <td>
                <LogLink index={r.logIndex} />
              </td>
            </tr>
          )}
        />
      </section>

      <section className="section" aria-labelledby="appeals-heading" data-section="appeals">
        <h2 id="appeals-heading">{t('consignment.appeals')}</h2>
        {c.appeals.length === 0 ? (
          <p className="muted">{t('consignment.noAppeals')}</p>
        ) : (
          <ul className="records">
            {c.appeals.map((a) => (
              <li key={a.id} className="record" data-appeal={a.id} data-status={a.status}>
                <p>
                  <strong>
                    <code dir="ltr">{a.id}</code>
                  </strong>{' '}
                  <span className={`badge badge--${a.status}`}>
                    {t(`appealStatus.${a.status}`, { defaultValue: a.status })}
                  </span>
                  {a.outcome !== null && (
                    <> · {t(`appealOutcome.${a.outcome}`, { defaultValue: a.outcome })}</>
                  )}{' '}
                  · <LogLink index={a.logIndex} />
                </p>
                <dl className="facts facts--compact">
                  <div className="fact">
                    <dt>{t('consignment.filed')}</dt>
                    <dd>
                      <time dateTime={a.filedAt}>{format.dateTime(a.filedAt)}</time>
                    </dd>
                  </div>
                  <div className="fact">
                    <dt>{t('consignment.deadline')}</dt>
                    <dd>
                      <time dateTime={a.deadline}>{format.date(a.deadline)}</time>
                    </dd>
                  </div>
                  {a.decidedAt !== null && (
                    <div className="fact">
                      <dt>{t('consignment.decided')}</dt>
                      <dd>
                        <time dateTime={a.decidedAt}>{format.dateTime(a.decidedAt)}</time>
                      </dd>
                    </div>
                  )}
                </dl>
                <p>
                  <span className="muted">{t('consignment.grounds')}</span>
                  <span className="statement" dir="auto">
                    {a.grounds}
                  </span>
                </p>
                {a.reason !== null && (
                  <p>
                    <span className="muted">{t('consignment.decision')}</span>
                    <span className="statement" dir="auto">
                      {a.reason}
                    </span>
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="section" aria-labelledby="deliveries-heading" data-section="deliveries">
        <h2 id="deliveries-heading">{t('consignment.deliveries')}</h2>
        {c.deliveries.length === 0 ? (
          <p className="muted">{t('consignment.noDeliveries')}</p>
        ) : (
          <RecordTable
            name="deliveries"
            caption={t('consignment.deliveries')}
            columns={[t('project.item'), t('consignment.deliveredTo'), t('consignment.quantity')]}
            rows={c.deliveries}
            row={(d, i) => (
              <tr key={i} data-delivery={d.destination.id}>
                <th scope="row">
                  <bdi>{d.item}</bdi>
                </th>
                <td>
                  <Destination {...d.destination} />
                </td>
                <td>{format.count(d.quantity)}</td>
              </tr>
            )}
          />
        )}
      </section>
    </>
  );
}

/** One consignment: its manifest, every stage with its time, rejections, appeals and deliveries. */
export function ConsignmentPage({ id }: { id: string }): ReactNode {
  const { t } = useTranslation();
  return (
    <div data-page="consignment">
      <BackLink to={paths.consignments()}>{t('consignments.heading')}</BackLink>
      {/* An id the API could not hold is no record: the server answers 404 for it too. */}
      {SLUG_ID.test(id) ? <LoadedConsignment id={id} /> : <NotFoundPage what="record" />}
    </div>
  );
}

function LoadedConsignment({ id }: { id: string }): ReactNode {
  const consignment = useResource(`/access/consignments/${encodeURIComponent(id)}`, parseConsignmentDetail);
  return (
    <ResourceView resource={consignment} record>
      {(data) => <Consignment consignment={data} />}
    </ResourceView>
  );
}
