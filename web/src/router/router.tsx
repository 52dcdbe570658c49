import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { matchRoute, type Route } from './routes';

interface Location {
  readonly pathname: string;
  readonly search: string;
}

interface RouterValue {
  readonly route: Route;
  readonly location: Location;
  readonly navigate: (to: string, options?: { replace?: boolean }) => void;
}

const RouterContext = createContext<RouterValue | undefined>(undefined);

function currentLocation(): Location {
  return { pathname: window.location.pathname, search: window.location.search };
}

/**
 * A client-side router on the History API, with no dependency: the address decides the page
 * (routes.ts), links push a history entry, Back and Forward work. After a navigation the main
 * region takes the focus, so keyboard and screen-reader users start reading the new page.
 */
export function RouterProvider({ children }: { children: ReactNode }): ReactNode {
  const [location, setLocation] = useState(currentLocation);

  useEffect(() => {
    const onPopState = (): void => setLocation(currentLocation());
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const navigate = useCallback((to: string, options?: { replace?: boolean }) => {
    const url = new URL(to, window.location.href);
    if (url.origin !== window.location.origin) {
      window.location.assign(url);
      return;
    }
    // A shared `?lang=` stays on the address while the reader moves around.
    const lang = new URLSearchParams(window.location.search).get('lang');
    if (lang !== null && !url.searchParams.has('lang')) url.searchParams.set('lang', lang);
    if (options?.replace === true) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    setLocation({ pathname: url.pathname, search: url.search });
    window.scrollTo(0, 0);
    document.getElementById('main')?.focus({ preventScroll: true });
  }, []);

  const value = useMemo(
    () => ({ route: matchRoute(location.pathname, location.search), location, navigate }),
    [location, navigate],
  );
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (value === undefined) throw new Error('useRouter needs a RouterProvider');
  return value;
}

/**
 * A link to a page of the portal: a real `<a href>` (so it opens in a new tab, and works without
 * JavaScript), followed inside the page on a plain click.
 */
export function Link({
  to,
  children,
  ...rest
}: { to: string; children: ReactNode } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>): ReactNode {
  const { navigate, location } = useRouter();
  const onClick = (event: MouseEvent<HTMLAnchorElement>): void => {
    rest.onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey ||
      rest.target !== undefined
    )
      return;
    event.preventDefault();
    navigate(to);
  };
  const current = new URL(to, window.location.href).pathname === location.pathname;
  return (
    <a {...rest} href={to} onClick={onClick} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}
