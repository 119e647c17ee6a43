-- Survey, checklist and widget-settings definitions, as JSON bodies validated by the routes.
-- Never deleted: responses refer to a survey by id long after it is archived.
CREATE TABLE widget_definitions (
  project_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  body TEXT NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (project_id, kind, id)
) WITHOUT ROWID;

-- Account-scoped checklist items ask "did anyone in this account do X"; without this the question
-- scans every event of that name in the project.
CREATE INDEX events_by_account ON events (project_id, account_id, event, ts);
