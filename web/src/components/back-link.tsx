import type { ReactNode } from 'react';
import { Link } from '../router/router';

/** A link up to the list a record belongs to, shown above the record's heading. */
export function BackLink({ to, children }: { to: string; children: ReactNode }): ReactNode {
  return (
    <p className="back-link">
      <Link to={to}>{children}</Link>
    </p>
  );
}
