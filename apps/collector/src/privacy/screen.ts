/**
 * What ingest applies to a batch before storing it: GPC, bots and identity verification may drop events
 * (never silently: each is counted by reason and named in the answer's X-Uptake-Dropped header), a
 * signature is never stored, and an IP address is stored only truncated.
 */
import type { TDropReason } from "@uptake/schema";
import type { Project, StoredEvent } from "../store/types.ts";
import { isBot } from "./bots.ts";
import { verifiedIdentity } from "./identity.ts";
import { truncateIp } from "./ip.ts";
import { privacySettings } from "./settings.ts";

export type Drops = Partial<Record<TDropReason, number>>;
export type RequestSignals = { userAgent?: string; gpc?: string };

export function screenBatch(project: Project, events: StoredEvent[], request: RequestSignals): { kept: StoredEvent[]; drops: Drops } {
  const settings = privacySettings(project);
  const drops: Drops = {};
  const drop = (reason: TDropReason) => void (drops[reason] = (drops[reason] ?? 0) + 1);
  if (settings.honorGpc && request.gpc?.trim() === "1") {
    for (const _ of events) drop("gpc");
    return { kept: [], drops };
  }
  const kept: StoredEvent[] = [];
  for (const e of events) {
    const { userSignature, ip, ...context } = e.context;
    if (settings.dropBots && isBot(typeof context.userAgent === "string" ? context.userAgent : request.userAgent)) {
      drop("bot");
      continue;
    }
    const ids = verifiedIdentity(project, { userId: e.userId, anonymousId: e.anonymousId, signature: userSignature });
    if (ids.userId == null && ids.anonymousId == null) {
      drop("unverified");
      continue;
    }
    const truncated = typeof ip === "string" ? truncateIp(ip) : null;
    kept.push({ ...e, ...ids, context: truncated ? { ...context, ip: truncated } : context });
  }
  return { kept, drops };
}
