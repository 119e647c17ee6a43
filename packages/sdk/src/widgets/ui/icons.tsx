/** @jsxImportSource preact */
/** The few pictures the widgets draw, as inline SVG (no fonts, no emoji, no network). Decorative unless labelled. */

const svg = { viewBox: "0 0 24 24", "aria-hidden": "true" as const, focusable: "false" as const };

export const Close = () => (
  <svg {...svg} width="16" height="16" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round">
    <path d="M6 6l12 12M18 6L6 18" />
  </svg>
);

export const Check = () => (
  <svg {...svg} fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" stroke-linejoin="round">
    <path d="M5 12.5l4.5 4.5L19 7.5" />
  </svg>
);

export const Star = ({ filled }: { filled: boolean }) => (
  <svg {...svg} fill={filled ? "currentColor" : "none"} stroke="currentColor" stroke-width="1.6" stroke-linejoin="round">
    <path d="M12 2.8l2.8 5.9 6.4.8-4.7 4.4 1.2 6.4L12 17.2l-5.7 3.1 1.2-6.4-4.7-4.4 6.4-.8z" />
  </svg>
);

/** Mouth curves from a frown (1) to a wide smile (5). */
const MOUTHS = ["M8 17c2-2.5 6-2.5 8 0", "M8.5 16.5c2-1.3 5-1.3 7 0", "M8.5 15.5h7", "M8.5 14.5c2 1.5 5 1.5 7 0", "M7.5 14c2 3 7 3 9 0"];

export const Face = ({ n }: { n: number }) => (
  <svg {...svg} fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round">
    <circle cx="12" cy="12" r="9.5" />
    <circle cx="9" cy="9.5" r=".9" fill="currentColor" />
    <circle cx="15" cy="9.5" r=".9" fill="currentColor" />
    <path d={MOUTHS[n - 1]} />
  </svg>
);

/** A progress ring for the checklist launcher. */
export const Ring = ({ share }: { share: number }) => (
  <svg {...svg} class="ring" fill="none" stroke-width="3">
    <circle cx="12" cy="12" r="9" stroke="rgba(255,255,255,.35)" />
    {share > 0 && (
      <circle
        cx="12" cy="12" r="9" stroke="#fff" stroke-linecap="round" transform="rotate(-90 12 12)"
        stroke-dasharray={`${(share * 56.55).toFixed(2)} 56.55`}
      />
    )}
  </svg>
);

export const Party = () => (
  <svg {...svg} fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">
    <circle cx="12" cy="12" r="9.5" />
    <path d="M7.5 12.5l3 3 6-6.5" />
    <path d="M3 4l1 1M21 4l-1 1M12 1v1.5M3.5 20l1-1M20.5 20l-1-1" />
  </svg>
);
