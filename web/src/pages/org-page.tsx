import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { pickName } from '../api/places';
import { parseOrgDetail, type OrgDetail } from '../api/records';
import { useResource } from '../api/use-resource';
import { BackLink } from '../components/back-link';
import { LocalName } from '../components/local-name';
import { usePageTitle } from '../components/page-title';
import { RecordProof } from '../components/record-proof';
import { ResourceView } from '../components/resource-view';
import { useFormatters } from '../format/use-formatters';
import { paths } from '../router/routes';
import { Link } from '../router/router';
import { useSettings } from '../settings/settings-context';
import { keyRecord, orgRecord } from '../verify/records';

function Org({ org }: { org: OrgDetail }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const { settings } = useSettings();
  usePageTitle(pickName(org.name, settings.language, org.id).text);
  return (
    <>
      <h1>
        <LocalName name={org.name} fallback={org.id} />
      </h1>
      <dl className="facts">
        <div className="fact" data-fact="kind">
          <dt>{t('org.kind')}</dt>
          <dd>{t(`orgKind.${org.kind}`, { defaultValue: org.kind })}</dd>
        </div>
        {org.country !== null && (
          <div className="fact" data-fact="country">
            <dt>{t('org.country')}</dt>
            <dd>
              {new Intl.DisplayNames([settings.language], { type: 'region' }).of(org.country) ?? org.country}
            </dd>
          </div>
        )}
        <div className="fact" data-fact="id">
          <dt>{t('org.id')}</dt>
          <dd>
            <code dir="ltr" translate="no">
              {org.id}
            </code>
          </dd>
        </div>
      </dl>
      <p>
        <RecordProof logIndex={org.logIndex} expected={orgRecord(org)} />
      </p>
      {(org.kind === 'member-state' || org.kind === 'donor') && (
        <p>
          <Link to={paths.donor(org.id)}>{t('org.pledges')}</Link>
        </p>
      )}
      <section className="section" aria-labelledby="keys-heading">
        <h2 id="keys-heading">{t('org.keys')}</h2>
        <p>{t('org.keysExplanation')}</p>
        {org.keys.length === 0 ? (
          <p className="notice">{t('state.empty')}</p>
        ) : (
          <ul className="keys">
            {org.keys.map((key) => (
              <li
                key={key.keyId}
                className={`key key--${key.status}`}
                data-key={key.keyId}
                data-status={key.status}
              >
                <p className="key__head">
                  <strong dir="auto">{key.holder}</strong>{' '}
                  <span className={`badge badge--${key.status}`}>
                    {t(`keyStatus.${key.status}`, { defaultValue: key.status })}
                  </span>
                </p>
                <dl className="facts facts--compact">
                  <div className="fact">
                    <dt>{t('org.keyId')}</dt>
                    <dd>
                      <code dir="ltr" translate="no">
                        {key.keyId}
                      </code>
                    </dd>
                  </div>
                  <div className="fact">
                    <dt>{t('org.publicKey')}</dt>
                    <dd>
                      <code dir="ltr" translate="no" className="wrap">
                        {key.publicKey}
                      </code>
                    </dd>
                  </div>
                  <div className="fact">
                    <dt>{t('org.roles')}</dt>
                    <dd>
                      {key.roles.map((role) => (
                        <code key={role} dir="ltr" translate="no" className="tag">
                          {role}
                        </code>
                      ))}
                    </dd>
                  </div>
                  {key.revokedIndex !== null && (
                    <div className="fact">
                      <dt>{t('org.revoked')}</dt>
                      <dd>
                        <Link to={paths.entry(key.revokedIndex)}>
                          {t('entry.heading', { index: format.count(key.revokedIndex) })}
                        </Link>
                        {key.revokedReason !== null && (
                          <>
                            {' '}
                            — <bdi>{key.revokedReason}</bdi>
                          </>
                        )}
                      </dd>
                    </div>
                  )}
                </dl>
                <RecordProof logIndex={key.logIndex} expected={keyRecord(key)} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** One organisation (a member, a partner, a donor …) with the keys it signs with. */
export function OrgPage({ id }: { id: string }): ReactNode {
  const { t } = useTranslation();
  const org = useResource(`/orgs/${encodeURIComponent(id)}`, parseOrgDetail);
  return (
    <div data-page="org">
      <BackLink to={paths.orgs()}>{t('orgs.heading')}</BackLink>
      <ResourceView resource={org} record>
        {(data) => <Org org={data} />}
      </ResourceView>
    </div>
  );
}
