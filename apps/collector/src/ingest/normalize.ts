/** Turns validated Segment messages into stored events: ids, clock-skew correction, the event's account. */
import type { TMessage } from "@uptake/schema";
import { LIMITS } from "@uptake/schema/limits";
import type { StoredEvent } from "../store/types.ts";

export type NormalizeResult = { events: StoredEvent[]; errors: { path: string; message: string }[] };

/**
 * The client's clock may be wrong; `sentAt` was read from that same clock, so `receivedAt - (sentAt - timestamp)`
 * places the event on the collector's clock (Segment's rule). Events still in the future are clamped to now;
 * events older than LIMITS.maxAgeMs are refused rather than silently filed on a wrong day.
 */
export function normalize(messages: TMessage[], opts: { receivedAt: number; batchSentAt?: string }): NormalizeResult {
  const events: StoredEvent[] = [];
  const errors: NormalizeResult["errors"] = [];
  const time = timeParser();
  const batchSentAt = time(opts.batchSentAt);
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    const sentAt = m.sentAt === undefined ? batchSentAt : time(m.sentAt);
    const ts = time(m.timestamp ?? m.originalTimestamp);
    let timestamp = opts.receivedAt;
    if (ts != null) timestamp = sentAt != null ? opts.receivedAt - (sentAt - ts) : ts;
    if (timestamp > opts.receivedAt + LIMITS.futureSkewMs) timestamp = opts.receivedAt;
    if (timestamp < opts.receivedAt - LIMITS.maxAgeMs) {
      errors.push({ path: `batch.${i}.timestamp`, message: "timestamp is more than 400 days old" });
      continue;
    }
    const context = m.context ?? {};
    events.push({
      messageId: m.messageId ?? crypto.randomUUID(),
      type: m.type,
      event: m.type === "track" ? m.event : m.type === "page" || m.type === "screen" ? (m.name ?? null) : null,
      userId: m.userId ?? null,
      anonymousId: m.type === "alias" ? String(m.previousId) : (m.anonymousId ?? null),
      accountId: m.type === "group" ? m.groupId : typeof context.groupId === "string" ? context.groupId : null,
      timestamp,
      receivedAt: opts.receivedAt,
      properties: "properties" in m && m.properties ? m.properties : {},
      traits: "traits" in m && m.traits ? m.traits : {},
      context,
    });
  }
  return { events, errors };
}

/** Date.parse, remembering the last answer: the events of one batch often share their timestamp. */
function timeParser() {
  let last: string | undefined;
  let parsed: number | null = null;
  return (value: string | undefined): number | null => {
    if (!value) return null;
    if (value !== last) {
      const t = Date.parse(value);
      last = value;
      parsed = Number.isFinite(t) ? t : null;
    }
    return parsed;
  };
}
