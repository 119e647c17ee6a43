-- Webhook subscriptions (admin API) and the alerts already announced, so each alert fires once.
CREATE TABLE webhooks (
  project_id TEXT NOT NULL,
  id TEXT NOT NULL,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  events TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (project_id, id)
) WITHOUT ROWID;

CREATE TABLE alerts_fired (
  project_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  day TEXT NOT NULL,
  fired_at INTEGER NOT NULL,
  PRIMARY KEY (project_id, account_id, reason, day)
) WITHOUT ROWID;
