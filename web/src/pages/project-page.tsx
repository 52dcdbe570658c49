import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseGovernorates, pickName } from '../api/places';
import { parseOrgs } from '../api/records';
import { parseProjectDetail, type ChainFlag, type ProjectDetail } from '../api/project-records';
import { SLUG_ID } from '../api/list-query';
import { useResource } from '../api/use-resource';
import { AmountValue } from '../components/amount-value';
import { BackLink } from '../components/back-link';
import { LocalName } from '../components/local-name';
import { LogLink } from '../components/log-link';
import { usePageTitle } from '../components/page-title';
import { RecordProof } from '../components/record-proof';
import { RecordTable } from '../components/record-table';
import { ResourceView } from '../components/resource-view';
import { useFormatters } from '../format/use-formatters';
import { paths } from '../router/routes';
import { Link } from '../router/router';
import { NotFoundPage } from './not-found-page';
import { useSettings } from '../settings/settings-context';
import { GovernorateName } from './projects-page';

const OCDS_EXPORT = '/api/v1/export/ocds';

function Flags({ flags }: { flags: readonly ChainFlag[] }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const { settings } = useSettings();
  if (flags.length === 0) return null;
  return (
    <div className="notice notice--warning" role="note" data-flags={flags.length}>
      <p className="notice__title">
        <span aria-hidden="true">⚠ </span>
        {t('project.flagsHeading', { n: format.count(flags.length) })}
      </p>
      <ul>
        {flags.map((flag, i) => {
          const message = pickName(flag.message, settings.language, flag.kind);
          return (
            <li key={i} data-flag={flag.kind}>
              <span lang={message.lang === settings.language ? undefined : message.lang}>{message.text}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Funding({ project }: { project: ProjectDetail }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const orgs = useResource('/orgs?limit=500', parseOrgs);
  const donorName = (id: string): ReactNode => {
    const org = orgs.state.status === 'ready' ? orgs.state.data.items.find((o) => o.id === id) : undefined;
    return org === undefined ? <bdi>{id}</bdi> : <LocalName name={org.name} fallback={id} />;
  };
  const { allocation, pooledFrom, tranches, disbursements, expenditures } = project.funding;
  return (
    <section className="section" aria-labelledby="funding-heading" data-section="funding">
      <h2 id="funding-heading">{t('project.funding')}</h2>
      <p>{t('project.fundingExplanation')}</p>
      <ol className="chain">
        <li className="chain__step" data-step="pledges">
          <h3>{t('project.pooledFrom')}</h3>
          <RecordTable
            caption={t('project.pooledFrom')}
            columns={[t('project.donor'), t('project.pledge'), t('project.received')]}
            rows={pooledFrom}
            empty={t('project.noneYet')}
            row={(p) => (
              <tr key={p.pledgeId} data-pledge={p.pledgeId}>
                <th scope="row">
                  <Link to={paths.donor(p.donor)}>{donorName(p.donor)}</Link>
                </th>
                <td>
                  <code dir="ltr">{p.pledgeId}</code>
                </td>
                <td>
                  {allocation === null ? (
                    format.count(p.received)
                  ) : (
                    <AmountValue value={p.received} currency={allocation.amount.currency} />
                  )}
                </td>
              </tr>
            )}
          />
        </li>
        <li className="chain__step" data-step="allocation">
          <h3>{t('project.allocation')}</h3>
          {allocation === null ? (
            <p className="muted">{t('project.noneYet')}</p>
          ) : (
            <dl className="facts facts--compact">
              <div className="fact">
                <dt>{t('project.decision')}</dt>
                <dd>
                  <Link to={paths.decision(allocation.decision)}>
                    <code dir="ltr">{allocation.id}</code>
                  </Link>
                </dd>
              </div>
              <div className="fact">
                <dt>{t('project.allocated')}</dt>
                <dd>
                  <AmountValue {...allocation.amount} />
                </dd>
              </div>
              <div className="fact">
                <dt>{t('project.disbursedFromAllocation')}</dt>
                <dd>
                  <AmountValue value={allocation.disbursed} currency={allocation.amount.currency} />
                </dd>
              </div>
              <div className="fact">
                <dt>{t('project.date')}</dt>
                <dd>
                  <time dateTime={allocation.date}>{format.date(allocation.date)}</time>
                </dd>
              </div>
              <div className="fact">
                <dt>{t('project.logEntry')}</dt>
                <dd>
                  <LogLink index={allocation.logIndex} />
                </dd>
              </div>
            </dl>
          )}
        </li>
        <li className="chain__step" data-step="tranches">
          <h3>{t('project.tranches')}</h3>
          <RecordTable
            name="tranches"
            caption={t('project.tranches')}
            columns={[
              t('project.milestone'),
              t('project.amount'),
              t('project.released'),
              t('project.payment'),
              t('project.logEntry'),
            ]}
            rows={tranches}
            empty={t('project.noneYet')}
            row={(tr) => (
              <tr key={tr.disbursementId} data-tranche={tr.milestoneId} data-payment={tr.payment}>
                <th scope="row">
                  <code dir="ltr">{tr.milestoneId}</code>
                </th>
                <td>
                  <AmountValue {...tr.amount} />
                </td>
                <td>
                  <time dateTime={tr.releasedAt}>{format.dateTime(tr.releasedAt)}</time>
                </td>
                <td>
                  <span className={`badge badge--${tr.payment.replace(/\s+/g, '-')}`}>
                    {t(`payment.${tr.payment.replace(/\s+/g, '-')}`, { defaultValue: tr.payment })}
                  </span>
                </td>
                <td>
                  <LogLink index={tr.logIndex} />
                </td>
              </tr>
            )}
          />
        </li>
        <li className="chain__step" data-step="disbursements">
          <h3>{t('project.disbursements')}</h3>
          <RecordTable
            name="disbursements"
            caption={t('project.disbursements')}
            columns={[
              t('project.disbursement'),
              t('project.amount'),
              t('project.spent'),
              t('project.date'),
              t('project.logEntry'),
            ]}
            rows={disbursements}
            empty={t('project.noneYet')}
            row={(d) => (
              <tr key={d.id} data-disbursement={d.id}>
                <th scope="row">
                  <code dir="ltr">{d.id}</code>
                </th>
                <td>
                  <AmountValue {...d.amount} />
                </td>
                <td>
                  <AmountValue value={d.spent} currency={d.amount.currency} />
                </td>
                <td>
                  <time dateTime={d.date}>{format.date(d.date)}</time>
                </td>
                <td>
                  <LogLink index={d.logIndex} />
                </td>
              </tr>
            )}
          />
        </li>
        <li className="chain__step" data-step="expenditures">
          <h3>{t('project.expenditures')}</h3>
          {expenditures.length === 0 ? (
            <p className="muted">{t('project.noneYet')}</p>
          ) : (
            <ul className="records">
              {expenditures.map((x) => (
                <li key={x.id} className="record" data-expenditure={x.id}>
                  <p>
                    <strong>
                      <AmountValue {...x.amount} />
                    </strong>{' '}
                    · <time dateTime={x.date}>{format.date(x.date)}</time> · <LogLink index={x.logIndex} />
                  </p>
                  <p dir="auto">{x.description}</p>
                </li>
              ))}
            </ul>
          )}
        </li>
      </ol>
    </section>
  );
}

function Milestones({ project }: { project: ProjectDetail }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <section className="section" aria-labelledby="milestones-heading" data-section="milestones">
      <h2 id="milestones-heading">{t('project.milestones')}</h2>
      <ol className="records">
        {project.milestones.map((m) => (
          <li key={m.id} className="record" data-milestone={m.id} data-status={m.status}>
            <h3>
              <LocalName name={m.title} fallback={m.id} />{' '}
              <span className={`badge badge--${m.status}`}>
                {t(`milestoneStatus.${m.status}`, { defaultValue: m.status })}
              </span>
            </h3>
            <dl className="facts facts--compact">
              <div className="fact">
                <dt>{t('project.due')}</dt>
                <dd>
                  <time dateTime={m.due}>{format.date(m.due)}</time>
                </dd>
              </div>
              <div className="fact">
                <dt>{t('project.tranche')}</dt>
                <dd>
                  <AmountValue {...m.tranche} />
                </dd>
              </div>
              {m.reported !== null && (
                <div className="fact">
                  <dt>{t('project.reported')}</dt>
                  <dd>
                    <time dateTime={m.reported.date}>{format.date(m.reported.date)}</time>
                    <span className="statement" dir="auto">
                      {m.reported.statement}
                    </span>
                  </dd>
                </div>
              )}
              {m.release !== null && (
                <div className="fact">
                  <dt>{t('project.releaseDecision')}</dt>
                  <dd>
                    <Link to={paths.decision(m.release.proposalId)}>
                      <code dir="ltr">{m.release.proposalId}</code>
                    </Link>{' '}
                    · <LogLink index={m.release.logIndex} />
                  </dd>
                </div>
              )}
            </dl>
            {m.verifications.map((v) => (
              <div
                key={v.id}
                className="verification-record"
                data-verification-record={v.id}
                data-finding={v.finding}
              >
                <p>
                  <strong>{t('project.verification')}</strong>{' '}
                  <span className={`badge badge--${v.finding}`}>
                    {t(`finding.${v.finding}`, { defaultValue: v.finding })}
                  </span>{' '}
                  · <time dateTime={v.observedAt}>{format.dateTime(v.observedAt)}</time> ·{' '}
                  <Link to={paths.org(v.monitorOrg)}>
                    <bdi>{v.monitorOrg}</bdi>
                  </Link>{' '}
                  · <LogLink index={v.logIndex} />
                </p>
                <p dir="auto">{v.statement}</p>
                {v.evidence.length > 0 && (
                  <ul className="evidence">
                    {v.evidence.map((e) => (
                      <li key={e.sha256} data-evidence={e.sha256} data-stored={e.stored}>
                        <span className="muted">{t('project.evidenceHash')}</span>
                        <span className="evidence__hash">
                          {e.stored ? (
                            <a href={`/api/v1/evidence/${e.sha256}`}>
                              <code className="wrap" dir="ltr">
                                {e.sha256}
                              </code>
                            </a>
                          ) : (
                            <code className="wrap" dir="ltr">
                              {e.sha256}
                            </code>
                          )}
                        </span>
                        <span className="muted evidence__meta">
                          <bdi dir="ltr">{e.mediaType}</bdi> ·{' '}
                          {t('project.bytes', { n: format.count(e.bytes) })}
                          {!e.stored && <> · {t('project.fileNotStored')}</>}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            ))}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Procurement({ project }: { project: ProjectDetail }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const { settings } = useSettings();
  return (
    <section className="section" aria-labelledby="procurement-heading" data-section="procurement">
      <h2 id="procurement-heading">{t('project.procurement')}</h2>
      <p>
        {t('project.procurementExplanation')}{' '}
        <a href={OCDS_EXPORT} data-ocds>
          {t('project.ocdsExport')}
        </a>
      </p>
      {project.procurement.length === 0 && <p className="muted">{t('project.noneYet')}</p>}
      {project.procurement.map((tender) => (
        <article key={tender.tenderId} className="record" data-tender={tender.tenderId}>
          <h3 dir="auto">{tender.title}</h3>
          <dl className="facts facts--compact">
            <div className="fact">
              <dt>{t('project.tenderValue')}</dt>
              <dd>
                <AmountValue {...tender.value} />
              </dd>
            </div>
            <div className="fact">
              <dt>{t('project.method')}</dt>
              <dd>{t(`tenderMethod.${tender.method}`, { defaultValue: tender.method })}</dd>
            </div>
            <div className="fact">
              <dt>{t('projectList.status')}</dt>
              <dd>{t(`tenderStatus.${tender.status}`, { defaultValue: tender.status })}</dd>
            </div>
            <div className="fact">
              <dt>{t('project.logEntry')}</dt>
              <dd>
                <LogLink index={tender.logIndex} />
              </dd>
            </div>
          </dl>
          {tender.bids.length > 0 && (
            <RecordTable
              name="bids"
              caption={t('project.bids')}
              showCaption
              columns={[t('project.supplier'), t('project.bid'), t('project.awarded'), t('project.logEntry')]}
              rows={tender.bids}
              row={(b) => {
                const award = tender.awards.find((a) => a.bidId === b.id);
                return (
                  <tr key={b.id} data-bid={b.id}>
                    <th scope="row">
                      {b.supplierName === null ? (
                        <bdi>{b.supplier}</bdi>
                      ) : (
                        <LocalName name={b.supplierName} fallback={b.supplier} />
                      )}
                    </th>
                    <td>
                      <AmountValue value={b.value} currency={tender.value.currency} />
                    </td>
                    <td>
                      {award === undefined ? (
                        '—'
                      ) : (
                        <>
                          {t('project.awardedOn', { date: format.date(award.date) })} ·{' '}
                          <LogLink index={award.logIndex} />
                        </>
                      )}
                    </td>
                    <td>
                      <LogLink index={b.logIndex} />
                    </td>
                  </tr>
                );
              }}
            />
          )}
          {tender.contracts.map((c) => (
            <div key={c.id} className="contract" data-contract={c.id}>
              <p>
                <strong>{t('project.contract')}</strong> <code dir="ltr">{c.id}</code> ·{' '}
                {
                  pickName(
                    tender.bids.find((b) => b.supplier === c.supplier)?.supplierName ?? {},
                    settings.language,
                    c.supplier,
                  ).text
                }{' '}
                · <time dateTime={c.date}>{format.date(c.date)}</time> · <LogLink index={c.logIndex} />
              </p>
              <p>
                {t('project.contractValue')} <AmountValue {...c.value} />
                {c.originalValue !== c.value.value && (
                  <>
                    {' '}
                    ({t('project.originally')}{' '}
                    <AmountValue value={c.originalValue} currency={c.value.currency} />)
                  </>
                )}
              </p>
              {c.amendments.length > 0 && (
                <ul className="amendments">
                  {c.amendments.map((a) => (
                    <li key={a.id} data-contract-amendment={a.id}>
                      <time dateTime={a.date}>{format.date(a.date)}</time>:{' '}
                      <AmountValue value={a.previousValue} currency={c.value.currency} /> →{' '}
                      <AmountValue value={a.value} currency={c.value.currency} /> — <bdi>{a.rationale}</bdi> ·{' '}
                      <LogLink index={a.logIndex} />
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        </article>
      ))}
    </section>
  );
}

function Materials({ project }: { project: ProjectDetail }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const { settings } = useSettings();
  return (
    <section className="section" aria-labelledby="materials-heading" data-section="materials">
      <h2 id="materials-heading">{t('project.materials')}</h2>
      <p>{t('project.materialsExplanation')}</p>
      {project.materials.length === 0 && <p className="muted">{t('project.noneYet')}</p>}
      {project.materials.map((m) => {
        const items = [
          ...new Set([
            ...(m.entered ?? []).map((l) => l.item),
            ...m.warehoused.map((l) => l.item),
            ...m.deliveries.flatMap((d) => d.items.map((l) => l.item)),
          ]),
        ];
        const unitOf = (item: string): string =>
          [...(m.entered ?? []), ...m.warehoused, ...m.deliveries.flatMap((d) => d.items)].find(
            (l) => l.item === item,
          )?.unit ?? '';
        const sum = (
          lines: readonly { item: string; quantity: string }[],
          item: string,
        ): string | undefined => {
          const found = lines.filter((l) => l.item === item);
          return found.length === 0 ? undefined : String(found.reduce((n, l) => n + BigInt(l.quantity), 0n));
        };
        const delivered = m.deliveries.flatMap((d) => d.items);
        const flagged = new Set(m.flags.map((f) => f.item));
        return (
          <article
            key={m.receiptId}
            className={`record${m.flags.length > 0 ? ' record--flagged' : ''}`}
            data-receipt={m.receiptId}
            data-flagged={m.flags.length > 0}
          >
            <h3>
              {t('project.receipt')} <code dir="ltr">{m.receiptId}</code>
            </h3>
            <dl className="facts facts--compact">
              <div className="fact">
                <dt>{t('project.fromConsignment')}</dt>
                <dd>
                  {m.consignmentId === null ? (
                    <span className="muted">{t('project.noConsignment')}</span>
                  ) : (
                    <Link to={paths.consignment(m.consignmentId)}>
                      <code dir="ltr">{m.consignmentId}</code>
                    </Link>
                  )}
                </dd>
              </div>
              {m.warehouse !== null && (
                <div className="fact">
                  <dt>{t('project.warehouse')}</dt>
                  <dd>
                    <bdi>{m.warehouse}</bdi>
                  </dd>
                </div>
              )}
              <div className="fact">
                <dt>{t('project.date')}</dt>
                <dd>
                  <time dateTime={m.date}>{format.date(m.date)}</time> · <LogLink index={m.logIndex} />
                </dd>
              </div>
              {m.deliveries.length > 0 && (
                <div className="fact">
                  <dt>{t('project.deliveries')}</dt>
                  <dd>
                    <ul className="amendments">
                      {m.deliveries.map((d) => (
                        <li key={d.deliveryId} data-delivery={d.deliveryId}>
                          <code dir="ltr">{d.deliveryId}</code> ·{' '}
                          <time dateTime={d.date}>{format.date(d.date)}</time> ·{' '}
                          <LogLink index={d.logIndex} />
                        </li>
                      ))}
                    </ul>
                  </dd>
                </div>
              )}
            </dl>
            <RecordTable
              name="materials"
              caption={t('project.materialsCaption')}
              showCaption
              columns={[
                t('project.item'),
                t('project.unit'),
                t('project.entered'),
                t('project.warehoused'),
                t('project.deliveredToSite'),
              ]}
              rows={items}
              row={(item) => {
                const cells = [
                  m.entered === null ? undefined : sum(m.entered, item),
                  sum(m.warehoused, item),
                  sum(delivered, item),
                ];
                return (
                  <tr key={item} data-item={item} className={flagged.has(item) ? 'row--flagged' : undefined}>
                    <th scope="row">
                      <bdi>{item}</bdi>
                      {flagged.has(item) && (
                        <>
                          {' '}
                          <span className="badge badge--flag">{t('project.flagged')}</span>
                        </>
                      )}
                    </th>
                    <td>
                      <bdi>{unitOf(item)}</bdi>
                    </td>
                    {cells.map((cell, i) => (
                      <td key={i}>
                        {cell === undefined
                          ? i === 0 && m.entered === null
                            ? t('project.notKnown')
                            : '—'
                          : format.count(cell)}
                      </td>
                    ))}
                  </tr>
                );
              }}
            />
            {m.flags.length > 0 && (
              <ul className="flags">
                {m.flags.map((f, i) => {
                  const message = pickName(f.message, settings.language, f.kind);
                  return (
                    <li key={i} data-material-flag={f.kind}>
                      <strong>{t('project.flagged')}:</strong>{' '}
                      <span lang={message.lang === settings.language ? undefined : message.lang}>
                        {message.text}
                      </span>
                    </li>
                  );
                })}
              </ul>
            )}
          </article>
        );
      })}
    </section>
  );
}

function Assets({ project }: { project: ProjectDetail }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <section className="section" aria-labelledby="assets-heading" data-section="assets">
      <h2 id="assets-heading">{t('project.assets')}</h2>
      {project.assets.length === 0 && <p className="muted">{t('project.noneYet')}</p>}
      {project.assets.map((a) => (
        <article key={a.id} className="record" data-asset={a.id} data-status={a.status}>
          <h3>
            {t(`assetKind.${a.kind}`, { defaultValue: a.kind })} × {format.count(a.count)}{' '}
            <span className={`badge badge--${a.status}`}>
              {t(`assetStatus.${a.status}`, { defaultValue: a.status })}
            </span>
          </h3>
          {a.rebuiltThenDestroyed !== null && (
            <p className="notice notice--warning" data-rebuilt-then-destroyed>
              {t('project.rebuiltThenDestroyed')} <AmountValue {...a.rebuiltThenDestroyed.valueLost} />
            </p>
          )}
          <dl className="facts facts--compact">
            <div className="fact">
              <dt>{t('project.work')}</dt>
              <dd>{t(`assetWork.${a.work}`, { defaultValue: a.work })}</dd>
            </div>
            <div className="fact">
              <dt>{t('project.assetValue')}</dt>
              <dd>
                <AmountValue {...a.value} />
              </dd>
            </div>
            <div className="fact">
              <dt>{t('project.valueLost')}</dt>
              <dd>
                <AmountValue value={a.valueLost} currency={a.value.currency} />
              </dd>
            </div>
            <div className="fact">
              <dt>{t('project.date')}</dt>
              <dd>
                <time dateTime={a.date}>{format.date(a.date)}</time> · <LogLink index={a.logIndex} />
              </dd>
            </div>
          </dl>
          {a.damage.length > 0 && (
            <>
              <h4>{t('project.damage')}</h4>
              <ul className="records">
                {a.damage.map((d) => (
                  <li key={d.id} className="record" data-damage={d.id} data-extent={d.extent}>
                    <p>
                      <span className={`badge badge--${d.extent}`}>
                        {t(`assetStatus.${d.extent}`, { defaultValue: d.extent })}
                      </span>{' '}
                      · <time dateTime={d.date}>{format.date(d.date)}</time> ·{' '}
                      {t('project.confidence', {
                        level: t(`confidence.${d.confidence}`, { defaultValue: d.confidence }),
                      })}{' '}
                      · <LogLink index={d.logIndex} />
                    </p>
                    <p dir="auto">{d.description}</p>
                    <p className="muted">
                      {t('project.source')}: <bdi>{d.source}</bdi>
                    </p>
                  </li>
                ))}
              </ul>
            </>
          )}
        </article>
      ))}
    </section>
  );
}

function Amendments({ project }: { project: ProjectDetail }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <section className="section" aria-labelledby="versions-heading" data-section="versions">
      <h2 id="versions-heading">{t('project.versions')}</h2>
      <RecordTable
        name="versions"
        caption={t('project.versions')}
        columns={[t('project.version'), t('project.changed'), t('project.reason'), t('project.logEntry')]}
        rows={project.versions}
        row={(v) => (
          <tr key={v.version} data-version={v.version}>
            <th scope="row">{format.count(v.version)}</th>
            <td className="wrap-cell">
              {v.version === 1
                ? t('project.proposed')
                : v.fields.map((field) => (
                    <code key={field} dir="ltr" className="tag">
                      {field}
                    </code>
                  ))}
            </td>
            <td className="wrap-cell">{v.reason === null ? '—' : <bdi>{v.reason}</bdi>}</td>
            <td>
              <LogLink index={v.logIndex} />
            </td>
          </tr>
        )}
      />
    </section>
  );
}

function Project({ project }: { project: ProjectDetail }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const { settings } = useSettings();
  const governorates = useResource('/governorates', parseGovernorates);
  usePageTitle(pickName(project.title, settings.language, project.id).text);
  const released = project.funding.tranches.reduce((n, tr) => n + BigInt(tr.amount.value), 0n);
  return (
    <>
      <h1>
        <LocalName name={project.title} fallback={project.id} />
      </h1>
      <dl className="facts" data-facts="project">
        <div className="fact" data-fact="status">
          <dt>{t('projectList.status')}</dt>
          <dd>
            <span className={`badge badge--${project.status}`}>
              {t(`projectStatus.${project.status}`, { defaultValue: project.status })}
            </span>
          </dd>
        </div>
        <div className="fact" data-fact="sector">
          <dt>{t('projects.sector')}</dt>
          <dd>{t(`sector.${project.sector}`, { defaultValue: project.sector })}</dd>
        </div>
        <div className="fact" data-fact="governorate">
          <dt>{t('projectList.governorate')}</dt>
          <dd>
            <GovernorateName
              code={project.governorate}
              governorates={governorates.state.status === 'ready' ? governorates.state.data.items : undefined}
            />
          </dd>
        </div>
        <div className="fact" data-fact="partner">
          <dt>{t('projectList.partner')}</dt>
          <dd>
            <Link to={paths.org(project.partner)}>
              {project.partnerName === null ? (
                <bdi>{project.partner}</bdi>
              ) : (
                <LocalName name={project.partnerName} fallback={project.partner} />
              )}
            </Link>
          </dd>
        </div>
        <div className="fact" data-fact="budget">
          <dt>{t('projects.budget')}</dt>
          <dd>
            <AmountValue {...project.budget} />
          </dd>
        </div>
        <div className="fact" data-fact="released">
          <dt>{t('projects.released')}</dt>
          <dd>
            <AmountValue value={String(released)} currency={project.budget.currency} />
          </dd>
        </div>
        <div className="fact" data-fact="beneficiaries">
          <dt>{t('project.beneficiaries')}</dt>
          <dd>{format.count(project.beneficiaries)}</dd>
        </div>
        <div className="fact" data-fact="period">
          <dt>{t('project.period')}</dt>
          <dd>
            <time dateTime={project.plannedStart}>{format.date(project.plannedStart)}</time> –{' '}
            <time dateTime={project.plannedEnd}>{format.date(project.plannedEnd)}</time>
          </dd>
        </div>
        <div className="fact" data-fact="approval">
          <dt>{t('project.approval')}</dt>
          <dd>
            <Link to={paths.decision(project.proposalId)}>
              <code dir="ltr">{project.proposalId}</code>
            </Link>
            {project.approvedIndex !== null && (
              <>
                {' '}
                · <LogLink index={project.approvedIndex} />
              </>
            )}
          </dd>
        </div>
        <div className="fact" data-fact="id">
          <dt>{t('org.id')}</dt>
          <dd>
            <code dir="ltr" translate="no">
              {project.id}
            </code>{' '}
            · <LogLink index={project.logIndex} />
          </dd>
        </div>
      </dl>
      <p>
        <RecordProof logIndex={project.logIndex} />
      </p>
      <Flags flags={project.flags} />
      <Funding project={project} />
      <Milestones project={project} />
      <Procurement project={project} />
      <Materials project={project} />
      <Assets project={project} />
      <Amendments project={project} />
    </>
  );
}

/** One project and its whole chain, from the donors' pledges to the asset and what struck it. */
export function ProjectPage({ id }: { id: string }): ReactNode {
  const { t } = useTranslation();
  return (
    <div data-page="project">
      <BackLink to={paths.projects()}>{t('projectList.heading')}</BackLink>
      {/* An id the API could not hold is no record: the server answers 404 for it too. */}
      {SLUG_ID.test(id) ? <LoadedProject id={id} /> : <NotFoundPage what="record" />}
    </div>
  );
}

function LoadedProject({ id }: { id: string }): ReactNode {
  const project = useResource(`/projects/${encodeURIComponent(id)}`, parseProjectDetail);
  return (
    <ResourceView resource={project} record>
      {(data) => <Project project={data} />}
    </ResourceView>
  );
}
