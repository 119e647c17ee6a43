-- Appends are the load target (100,000 events/s through append()). events_by_account kept each account's
-- events by name, then time: an append landed in one of accounts × event names runs, at a random place in the
-- index, and cost about as much as every other index together. By account, then time, an append lands at the
-- end of its account's run, which a busy account keeps in memory. Its readers lose nothing: account detail
-- reads an account's time range (now a range of the index), checklist targeting one event of an account (the
-- name is still in the index, so other events are skipped without visiting the table).
DROP INDEX events_by_account;
CREATE INDEX events_by_account ON events (project_id, account_id, ts, event);
