/** The size limits of the wire format (contract §4), shared by the collector and the SDK's batching. */
export const LIMITS = {
  /** Largest accepted `POST /v1/batch` body, in bytes. */
  batchBytes: 500 * 1024,
  /** Largest accepted single event, serialized, in bytes. */
  eventBytes: 32 * 1024,
  /** Largest number of messages in one batch. */
  batchMessages: 2500,
  /** How far an event's corrected timestamp may lie in the future before it is clamped to now. */
  futureSkewMs: 5 * 60 * 1000,
  /** How old an event may be; older ones are refused rather than silently misplaced. */
  maxAgeMs: 400 * 24 * 60 * 60 * 1000,
  /** Deepest nesting of objects and arrays in a body (the batch, a message, its properties). */
  nestingDepth: 32,
} as const;
