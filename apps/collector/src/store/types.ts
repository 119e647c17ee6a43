/** The EventStore interface: the one seam between the collector and a storage engine (SQLite, ClickHouse). */
import type { AnalyticsStore } from "./analytics-types.ts";
import type { PrivacyStore } from "./privacy-types.ts";
import type { WidgetStore } from "./widget-types.ts";

/** A message as stored: normalized, identity-resolved, clock-corrected. */
export type StoredEvent = {
  messageId: string;
  type: "track" | "identify" | "group" | "page" | "screen" | "alias";
  /** The track event name, the page/screen name, or null. */
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  /** The account the event belongs to: context.groupId, else the user's last group call. */
  accountId: string | null;
  /** Corrected event time, ms since epoch. */
  timestamp: number;
  receivedAt: number;
  properties: Record<string, unknown>;
  /** identify and group traits; {} otherwise. */
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
};

export type Project = {
  id: string;
  name: string;
  writeKey: string;
  /** sha256 hex of the secret key: the key itself is never stored. */
  secretKeyHash: string;
  settings: Record<string, unknown>;
};

export type AppendResult = { inserted: number; duplicates: number };

export type Interval = "day" | "week" | "month";

/** The common filter of every query route (contract §6). Dates are inclusive calendar days in `tz`. */
export type RangeQuery = {
  from: string;
  to: string;
  tz: string;
  /** `trait:value` on a user trait, or `account.trait:value` on an account trait. */
  segment?: { scope: "user" | "account"; trait: string; value: string };
  /**
   * One account's view (its detail page): account-level answers may keep only rows filed under this account.
   * A hint, not a filter callers can rely on: an engine may ignore it, so callers still pick their account.
   */
  account?: string;
};

/** One actor active on one local day: the raw material of active-user trends. */
export type ActiveDay = { actor: string; day: string };

export interface EventStore extends AnalyticsStore, WidgetStore, PrivacyStore {
  readonly engine: "sqlite" | "clickhouse";
  /** The zone whose calendar days the rollups count (SQLite); questions in it are the fast ones. */
  readonly rollupZone?: string;

  /** Creates the project with exactly these keys if absent; returns the stored project. */
  ensureProject(input: { id: string; name: string; writeKey: string; secretKeyHash: string }): Promise<Project>;
  projectByWriteKey(writeKey: string): Promise<Project | null>;
  projectBySecretHash(secretKeyHash: string): Promise<Project | null>;

  /** Stores a batch whole or not at all; resolves only once it is durable. Repeated messageIds count once. */
  append(projectId: string, events: StoredEvent[]): Promise<AppendResult>;
  /**
   * append() of a batch that ingest/decode.ts derives from `text` (a /v1/batch body, received at
   * `receivedAt`) exactly as `events`: a store that logs before it writes keeps the text rather than
   * serializing the events again. Absent where a store has no log (append() then).
   */
  appendBody?(projectId: string, body: { text: string; receivedAt: number }, events: StoredEvent[]): Promise<AppendResult>;

  /** Distinct (actor, local day) pairs with any activity in [from, to], after the segment filter. */
  activeDays(projectId: string, q: RangeQuery): Promise<ActiveDay[]>;

  /** Erases every event and profile of one user (LGPD/GDPR); returns the number of events removed. */
  eraseUser(projectId: string, userId: string): Promise<number>;
  /** Every stored event of one user, oldest first (LGPD/GDPR export). */
  exportUser(projectId: string, userId: string): Promise<StoredEvent[]>;

  /** Cheap liveness probe: throws when the engine cannot answer. */
  ping(): Promise<void>;
  /** Bytes acknowledged but not in the tables yet (the SQLite ingest journal); absent where ingest writes the tables itself. */
  backlog?(): number;
  /** Whether the store still reads ahead, in the background, what its analytics hold in memory (SQLite); absent where nothing is. */
  warming?(): boolean;
  close(): Promise<void>;
}

/** Thrown by an engine when it cannot store or answer right now; the collector answers 503. */
export class StoreUnavailableError extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
    this.name = "StoreUnavailableError";
  }
}
