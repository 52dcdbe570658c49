import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseProposalDetail, type ProposalDetail } from '../api/records';
import { useResource } from '../api/use-resource';
import { BackLink } from '../components/back-link';
import { LocalName } from '../components/local-name';
import { MoneyValue } from '../components/money-value';
import { usePageTitle } from '../components/page-title';
import { RecordProof } from '../components/record-proof';
import { ResourceView } from '../components/resource-view';
import { useFormatters } from '../format/use-formatters';
import { pickName } from '../api/places';
import { paths } from '../router/routes';
import { Link } from '../router/router';
import { useSettings } from '../settings/settings-context';
import { proposalRecord, signatureRecord } from '../verify/records';
import { minorUnitsOf } from '../format/minor-units';

function Decision({ p }: { p: ProposalDetail }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const { settings } = useSettings();
  usePageTitle(pickName(p.title, settings.language, p.id).text);
  const nameOf = (org: string) => p.signatories.find((s) => s.org === org)?.name;
  return (
    <>
      <h1>
        <LocalName name={p.title} fallback={p.id} />
      </h1>
      <dl className="facts">
        <div className="fact" data-fact="type">
          <dt>{t('decisions.type')}</dt>
          <dd>{t(`decisionType.${p.decisionType}`, { defaultValue: p.decisionType })}</dd>
        </div>
        {p.amount !== null && (
          <div className="fact" data-fact="amount">
            <dt>{t('decisions.amount')}</dt>
            <dd>
              <MoneyValue
                minor={p.amount.value}
                currency={p.amount.currency}
                minorUnits={minorUnitsOf(p.amount.currency)}
              />
            </dd>
          </div>
        )}
        <div className="fact" data-fact="status">
          <dt>{t('decisions.status')}</dt>
          <dd>{t(`proposalStatus.${p.status}`, { defaultValue: p.status })}</dd>
        </div>
        <div className="fact" data-fact="proposer">
          <dt>{t('decision.proposer')}</dt>
          <dd>
            <Link to={paths.org(p.proposer.org)}>
              {nameOf(p.proposer.org) === undefined ? (
                p.proposer.org
              ) : (
                <LocalName name={nameOf(p.proposer.org)!} fallback={p.proposer.org} />
              )}
            </Link>
          </dd>
        </div>
        <div className="fact">
          <dt>{t('decisions.submitted')}</dt>
          <dd>
            <time dateTime={p.submittedAt}>{format.dateTime(p.submittedAt)}</time>
          </dd>
        </div>
        <div className="fact">
          <dt>{t('decision.expires')}</dt>
          <dd>
            <time dateTime={p.expiresAt}>{format.dateTime(p.expiresAt)}</time>
          </dd>
        </div>
      </dl>
      <p>
        <RecordProof logIndex={p.logIndex} expected={proposalRecord(p)} />
      </p>
      {p.justification !== null && (
        <>
          <h2>{t('decision.justification')}</h2>
          <p dir="auto">{p.justification}</p>
        </>
      )}
      <section className="section panel" aria-labelledby="rule-heading">
        <h2 id="rule-heading">{t('decision.rule')}</h2>
        <p lang="en" dir="ltr" data-rule>
          {p.rule.text}
        </p>
        <p data-rule-met={p.rule.met}>{p.rule.met ? t('decision.ruleMet') : t('decision.ruleNotMet')}</p>
      </section>
      <section className="section" aria-labelledby="signatures-heading">
        <h2 id="signatures-heading">{t('decision.signatures')}</h2>
        {p.signatures.length === 0 ? (
          <p className="notice">{t('state.empty')}</p>
        ) : (
          <ol className="signatures">
            {p.signatures.map((s) => (
              <li
                key={s.logIndex}
                className={`signature signature--${s.kind}`}
                data-signature={s.kind}
                data-org={s.org}
              >
                <p className="signature__head">
                  <strong>
                    <Link to={paths.org(s.org)}>
                      {nameOf(s.org) === undefined ? (
                        s.org
                      ) : (
                        <LocalName name={nameOf(s.org)!} fallback={s.org} />
                      )}
                    </Link>
                  </strong>{' '}
                  <span className={`badge badge--${s.kind}`}>
                    {t(`signatureKind.${s.kind}`, { defaultValue: s.kind })}
                  </span>{' '}
                  <time dateTime={s.signedAt}>{format.dateTime(s.signedAt)}</time>
                </p>
                {s.text !== null && (
                  <blockquote className="signature__reason" dir="auto">
                    {s.text}
                  </blockquote>
                )}
                <RecordProof logIndex={s.logIndex} expected={signatureRecord(p.id, s.kind)} />
              </li>
            ))}
          </ol>
        )}
        <h3>{t('decision.signatories')}</h3>
        <ul className="signatories">
          {p.signatories.map((s) => (
            <li key={s.org} data-signatory={s.org} data-status={s.status}>
              <Link to={paths.org(s.org)}>
                <LocalName name={s.name} fallback={s.org} />
              </Link>{' '}
              <span className="muted">
                {t(`signatoryStatus.${s.status.replace(' ', '-')}`, { defaultValue: s.status })}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** One decision: the proposal, its rule, who approved and who objected, with their reasons. */
export function DecisionPage({ id }: { id: string }): ReactNode {
  const { t } = useTranslation();
  const proposal = useResource(`/proposals/${encodeURIComponent(id)}`, parseProposalDetail);
  return (
    <div data-page="decision">
      <BackLink to={paths.decisions()}>{t('decisions.heading')}</BackLink>
      <ResourceView resource={proposal} record>
        {(data) => <Decision p={data} />}
      </ResourceView>
    </div>
  );
}
