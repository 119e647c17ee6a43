/**
 * Configuration in ClickHouse (project settings, webhooks, alerts already sent, widget definitions), so
 * any collector can serve any request. Small tables, one row per change, read with FINAL.
 */
import type { AlertRecord, Webhook } from "../analytics-types.ts";
import type { StoredDefinition, WidgetKind } from "../widget-types.ts";
import type { ClickHouseHttp } from "./http.ts";
import { ident, str, strList } from "./sql.ts";

type DefinitionRow = { kind: WidgetKind; id: string; body: string; archived: number; created_at: number; updated_at: number };
type WebhookRow = { id: string; url: string; secret: string; events: string; created_at: number };

export function createClickHouseConfig(http: ClickHouseHttp, db: string, nextSeq: () => number) {
  const t = (table: string) => `${ident(db)}.${ident(table)}`;
  const toDefinition = (r: DefinitionRow): StoredDefinition => ({
    kind: r.kind, id: r.id, body: JSON.parse(r.body), archived: r.archived === 1, createdAt: r.created_at, updatedAt: r.updated_at,
  });

  async function getDefinition(projectId: string, kind: WidgetKind, id: string): Promise<StoredDefinition | null> {
    const [row] = await http.query<DefinitionRow>(
      `SELECT * FROM ${t("widget_definitions")} FINAL WHERE project_id = ${str(projectId)} AND kind = ${str(kind)} AND id = ${str(id)}`,
    );
    return row ? toDefinition(row) : null;
  }

  async function activeWebhooks(projectId: string, where = ""): Promise<WebhookRow[]> {
    return http.query<WebhookRow>(
      `SELECT id, url, secret, events, created_at FROM ${t("webhooks")} FINAL
       WHERE project_id = ${str(projectId)} AND deleted = 0${where} ORDER BY created_at, id`,
    );
  }

  return {
    async saveProjectSettings(projectId: string, settings: Record<string, unknown>): Promise<void> {
      const [row] = await http.query<Record<string, unknown>>(`SELECT * FROM ${t("projects")} FINAL WHERE id = ${str(projectId)}`);
      if (!row) return;
      await http.insert(t("projects"), [{ ...row, settings: JSON.stringify(settings), version: nextSeq() }]);
    },

    async listWebhooks(projectId: string): Promise<Webhook[]> {
      return (await activeWebhooks(projectId)).map((r) => ({
        id: r.id, url: r.url, secret: r.secret, events: JSON.parse(r.events) as string[], createdAt: r.created_at,
      }));
    },
    async createWebhook(projectId: string, h: Webhook): Promise<void> {
      await http.insert(t("webhooks"), [{
        project_id: projectId, id: h.id, url: h.url, secret: h.secret, events: JSON.stringify(h.events),
        created_at: h.createdAt, deleted: 0, version: nextSeq(),
      }]);
    },
    async deleteWebhook(projectId: string, id: string): Promise<boolean> {
      const [row] = await activeWebhooks(projectId, ` AND id = ${str(id)}`);
      if (!row) return false;
      await http.insert(t("webhooks"), [{ project_id: projectId, ...row, deleted: 1, version: nextSeq() }]);
      return true;
    },

    async recordAlerts(projectId: string, alerts: AlertRecord[]): Promise<AlertRecord[]> {
      if (alerts.length === 0) return [];
      const key = (a: { accountId: string; reason: string; day: string }) => `${a.accountId}\u0000${a.reason}\u0000${a.day}`;
      const known = await http.query<{ accountId: string; reason: string; day: string }>(
        `SELECT account_id AS accountId, reason, day FROM ${t("alerts_fired")}
         WHERE project_id = ${str(projectId)} AND account_id IN ${strList(alerts.map((a) => a.accountId))}
           AND day IN ${strList(alerts.map((a) => a.day))}`,
      );
      const seen = new Set(known.map(key));
      const fresh = alerts.filter((a) => !seen.has(key(a)) && seen.add(key(a)));
      await http.insert(t("alerts_fired"), fresh.map((a) => ({
        project_id: projectId, account_id: a.accountId, reason: a.reason, day: a.day, fired_at: a.firedAt,
      })));
      return fresh;
    },

    async putDefinition(
      projectId: string,
      def: { kind: WidgetKind; id: string; body: Record<string, unknown>; archived?: boolean; now: number },
    ): Promise<StoredDefinition> {
      const current = await getDefinition(projectId, def.kind, def.id);
      const stored: StoredDefinition = {
        kind: def.kind, id: def.id, body: def.body, archived: def.archived ?? current?.archived ?? false,
        createdAt: current?.createdAt ?? def.now, updatedAt: def.now,
      };
      await http.insert(t("widget_definitions"), [{
        project_id: projectId, kind: stored.kind, id: stored.id, body: JSON.stringify(stored.body), archived: stored.archived ? 1 : 0,
        created_at: stored.createdAt, updated_at: stored.updatedAt, version: nextSeq(),
      }]);
      return stored;
    },
    getDefinition,
    async listDefinitions(projectId: string, kind: WidgetKind, opts: { archived?: boolean } = {}): Promise<StoredDefinition[]> {
      const archived = opts.archived === undefined ? "" : ` AND archived = ${opts.archived ? 1 : 0}`;
      const rows = await http.query<DefinitionRow>(
        `SELECT * FROM ${t("widget_definitions")} FINAL WHERE project_id = ${str(projectId)} AND kind = ${str(kind)}${archived}
         ORDER BY created_at, id`,
      );
      return rows.map(toDefinition);
    },
  };
}
