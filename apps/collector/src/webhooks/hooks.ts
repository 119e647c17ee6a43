/**
 * What fires webhooks: `Survey Responded` events as they are stored (post-append), and alerts the first time
 * they are seen (by the alerts/accounts routes, and by a check at most once an hour per project after ingest).
 */
import type { Alert } from "../analytics/alerts.ts";
import { alertsAsOf } from "../routes/account-data.ts";
import type { EventStore, Project, StoredEvent } from "../store/types.ts";
import { isoDay, localDayNumber } from "../time.ts";
import type { Dispatcher } from "./dispatcher.ts";

const ALERT_CHECK_MS = 3_600_000;

export function createWebhookHooks({ store, dispatcher, now }: { store: EventStore; dispatcher: Dispatcher; now: () => number }) {
  const lastCheck = new Map<string, number>();

  async function announce(projectId: string, alerts: Alert[]) {
    if (alerts.length === 0) return;
    const fresh = await store.recordAlerts(projectId, alerts.map((a) => ({ accountId: a.accountId, reason: a.reason, day: a.day, firedAt: now() })));
    const isFresh = new Set(fresh.map((a) => `${a.accountId}\u0000${a.reason}\u0000${a.day}`));
    dispatcher.sendAll(projectId, "alert.created", alerts.filter((a) => isFresh.has(`${a.accountId}\u0000${a.reason}\u0000${a.day}`)));
  }

  async function checkAlerts(project: Project) {
    const today = isoDay(localDayNumber(now(), "UTC"));
    const alerts = await alertsAsOf(store, project, { from: today, to: today, tz: "UTC" });
    await announce(project.id, alerts);
  }

  return {
    /** Alerts computed by a route: announce the ones not announced before. */
    onAlerts(projectId: string, alerts: Alert[]) {
      announce(projectId, alerts).catch((err) => console.error("alert webhooks failed", err));
    },
    /** The post-append callback given to ingest. */
    afterAppend(project: Project, events: StoredEvent[]) {
      const projectId = project.id;
      dispatcher.sendAll(
        projectId, "survey.responded",
        events
          .filter((e) => e.type === "track" && e.event === "Survey Responded")
          .map((e) => ({
            messageId: e.messageId, userId: e.userId, anonymousId: e.anonymousId, accountId: e.accountId,
            timestamp: new Date(e.timestamp).toISOString(), properties: e.properties,
          })),
      );
      const last = lastCheck.get(projectId) ?? 0;
      if (now() - last < ALERT_CHECK_MS) return;
      lastCheck.set(projectId, now());
      checkAlerts(project).catch((err) => console.error("alert check failed", err));
    },
  };
}
