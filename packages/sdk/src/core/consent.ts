/** The three consent states and what each allows; the host page's consent banner drives them. */
export const CONSENT = { granted: "granted", pending: "pending", denied: "denied" } as const;

export type Consent = (typeof CONSENT)[keyof typeof CONSENT];

export const isConsent = (value: unknown): value is Consent =>
  value === CONSENT.granted || value === CONSENT.pending || value === CONSENT.denied;

/**
 * The state to start in. Absent means granted (the contract's default); a value we do not know
 * means pending, because guessing "granted" for a typo would send without consent.
 */
export const initialConsent = (value: unknown): Consent =>
  value == null ? CONSENT.granted : isConsent(value) ? value : CONSENT.pending;
