import type { ReactNode } from 'react';

/** The logo: a square within a square, nothing to read into it. Decorative, hidden from screen readers. */
export function BrandMark(): ReactNode {
  return (
    <svg
      className="brand__mark"
      viewBox="0 0 32 32"
      width="32"
      height="32"
      aria-hidden="true"
      focusable="false"
    >
      <rect width="32" height="32" rx="7" fill="currentColor" />
      <path d="M16 6 26 16 16 26 6 16Z" fill="none" stroke="#fff" strokeWidth="2.5" />
      <path d="M16 11.5 20.5 16 16 20.5 11.5 16Z" fill="#fff" />
    </svg>
  );
}
