/**
 * What ingest applies to a batch before storing it: GPC, bots and identity verification may drop events
 * (never silently: each is counted by reason and named in the answer's X-Uptake-Dropped header), a
 * signature is never stored, and an IP address is stored only truncated.
 */
import type { TDropReason, TPrivacySettings } from "@uptake/schema";
import type { Project, StoredEvent } from "../store/types.ts";
import { isBot } from "./bots.ts";
import { verifiedIdentity } from "./identity.ts";
import { truncateIp } from "./ip.ts";
import { privacySettings } from "./settings.ts";

export type Drops = Partial<Record<TDropReason, number>>;
export type RequestSignals = { userAgent?: string; gpc?: string };

export function screenBatch(project: Project, events: StoredEvent[], request: RequestSignals): { kept: StoredEvent[]; drops: Drops } {
  const settings = settingsOf(project);
  const drops: Drops = {};
  const drop = (reason: TDropReason) => void (drops[reason] = (drops[reason] ?? 0) + 1);
  if (settings.honorGpc && request.gpc?.trim() === "1") {
    for (const _ of events) drop("gpc");
    return { kept: [], drops };
  }
  let requestIsBot: boolean | undefined;
  const kept: StoredEvent[] = [];
  for (const e of events) {
    if (settings.dropBots) {
      const ua = e.context.userAgent;
      if (typeof ua === "string" ? isBot(ua) : (requestIsBot ??= isBot(request.userAgent))) {
        drop("bot");
        continue;
      }
    }
    // Most events carry neither a signature nor an IP, and most projects verify no identities: such an event
    // is kept as it came.
    if (!settings.requireSignedIdentity && !("userSignature" in e.context) && !("ip" in e.context)) {
      kept.push(e);
      continue;
    }
    const { userSignature, ip, ...context } = e.context;
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

// A project's settings, read once per project object (the project cache hands out a new one when they change).
const parsedSettings = new WeakMap<Project, TPrivacySettings>();
function settingsOf(project: Project): TPrivacySettings {
  let settings = parsedSettings.get(project);
  if (!settings) parsedSettings.set(project, (settings = privacySettings(project)));
  return settings;
}
