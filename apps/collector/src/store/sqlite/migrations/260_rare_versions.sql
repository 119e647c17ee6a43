-- The accounts answer read 90 days of survey answers (12 k rows over 10 M events, each one's properties parsed)
-- and a year of finished checklists through events_rare on every question, 60-70 ms of its time, and the funnel
-- 27 k checklist rows, 40-60 ms. rare-days.ts keeps those events of each UTC day (a block: ts / 86400000, since
-- the answers ask in any zone and cut the blocks at their instants) in memory, already picked apart, and reads a
-- block again only when its number here has moved. The writer moves it in the same transaction as every insert,
-- move (an identity merge) or deletion (erasure, retention) of such an event (rare-versions.ts): a trigger on
-- events would have been simpler, but any trigger there, even one whose WHEN skips nearly every row, halved the
-- load rate (21 k against 40 k events/s). Rows here are never deleted, so a number never comes back to one a
-- reader has already seen; a block without a row reads as 0.
CREATE TABLE rare_versions (
  project_id TEXT NOT NULL,
  block INTEGER NOT NULL,
  ver INTEGER NOT NULL,
  PRIMARY KEY (project_id, block)
) WITHOUT ROWID;
