/** The store's privacy and access part: drop counters, retention, key rotation. Every engine implements it. */
import type { TDropReason } from "@uptake/schema";
import type { Project } from "./types.ts";

export type DropCount = { day: string; reason: TDropReason; count: number };

/** A write key replaced by a rotation, still accepted until `expiresAt` (ms) unless revoked. */
export type RetiredWriteKey = { writeKey: string; expiresAt: number };

export interface PrivacyStore {
  /** Adds to the per-day, per-reason counters of events dropped on purpose. `day` is the UTC ISO day. */
  addDrops(projectId: string, counts: DropCount[]): Promise<void>;
  /** The counters for the UTC days in [from, to], oldest first. */
  dropCounts(projectId: string, from: string, to: string): Promise<DropCount[]>;

  /** Every project (the retention sweep walks them). */
  listProjects(): Promise<Project[]>;
  /** Deletes raw events with a timestamp before `before` (ms); rollups stay. Returns how many went. */
  deleteEventsBefore(projectId: string, before: number): Promise<number>;

  /** Makes `writeKey` the project's key; the old one is kept as retired until `graceUntil` (ms). */
  rotateWriteKey(projectId: string, writeKey: string, graceUntil: number): Promise<void>;
  /** Retired write keys of the project still inside their grace period at `now`. */
  retiredWriteKeys(projectId: string, now: number): Promise<RetiredWriteKey[]>;
  /** The project a retired, unexpired write key belongs to. */
  projectByRetiredWriteKey(writeKey: string, now: number): Promise<Project | null>;
  /** Ends a retired key's grace at once; false when it was not a retired key of this project. */
  revokeWriteKey(projectId: string, writeKey: string): Promise<boolean>;
  /** Replaces the secret key's hash: the previous secret key stops working at once. */
  rotateSecretKey(projectId: string, secretKeyHash: string): Promise<void>;
}
