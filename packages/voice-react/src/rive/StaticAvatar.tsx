'use client';
import type { SVGProps } from 'react';

/**
 * The default fallback of `RiveAvatar`: a still, neutral face drawn in `currentColor`, shown
 * while Rive loads and whenever it can't. Decorative (`aria-hidden`); the avatar's wrapper
 * carries the label. Fills its box, square.
 */
export function StaticAvatar(props: SVGProps<SVGSVGElement>) {
  return (
    <svg
      viewBox="0 0 100 100"
      width="100%"
      height="100%"
      fill="none"
      stroke="currentColor"
      strokeWidth={4}
      strokeLinecap="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      <circle cx="50" cy="50" r="44" fill="currentColor" fillOpacity={0.08} />
      <circle cx="36" cy="43" r="4" fill="currentColor" stroke="none" />
      <circle cx="64" cy="43" r="4" fill="currentColor" stroke="none" />
      <path d="M35 63 q15 10 30 0" />
    </svg>
  );
}
