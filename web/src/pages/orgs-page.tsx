import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseOrgs, type Org } from '../api/records';
import { useResource } from '../api/use-resource';
import { DownloadLinks } from '../components/download-links';
import { LocalName } from '../components/local-name';
import { usePageTitle } from '../components/page-title';
import { ResourceView } from '../components/resource-view';
import { paths } from '../router/routes';
import { Link } from '../router/router';

/** The kinds in the order the page lists them (src/domain/governance/events.ts ORG_KINDS). */
export const orgKinds = [
  'member-state',
  'palestinian-governance',
  'secretariat',
  'observer',
  'donor',
  'implementing-partner',
] as const;

/** Organisations by kind: members, the Palestinian governance body, observers, donors, partners. */
export function OrgsPage(): ReactNode {
  const { t } = useTranslation();
  usePageTitle(t('orgs.heading'));
  const orgs = useResource('/orgs?limit=500', parseOrgs);
  return (
    <div data-page="orgs">
      <h1>{t('orgs.heading')}</h1>
      <p className="lead">{t('orgs.intro')}</p>
      <ResourceView resource={orgs}>
        {(data) => {
          const kinds = [...orgKinds, ...new Set(data.items.map((o) => o.kind))].filter(
            (kind, i, all) => all.indexOf(kind) === i && data.items.some((o) => o.kind === kind),
          );
          return kinds.map((kind) => (
            <section key={kind} className="section" aria-labelledby={`orgs-${kind}`} data-kind={kind}>
              <h2 id={`orgs-${kind}`}>{t(`orgKind.${kind}`, { defaultValue: kind })}</h2>
              <ul className="link-list link-list--columns">
                {data.items
                  .filter((o: Org) => o.kind === kind)
                  .map((o) => (
                    <li key={o.id} data-org={o.id}>
                      <Link to={paths.org(o.id)}>
                        <LocalName name={o.name} fallback={o.id} />
                      </Link>
                    </li>
                  ))}
              </ul>
            </section>
          ));
        }}
      </ResourceView>
      <DownloadLinks list="orgs" />
    </div>
  );
}
