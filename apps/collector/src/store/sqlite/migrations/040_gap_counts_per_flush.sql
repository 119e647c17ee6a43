-- The writer now sums the gap-count changes of a whole group commit and writes each (day, key, prev) once
-- (rollups.ts), on every path that changes key_days or account_days (appends, mended chains, merges,
-- erasure): the per-row triggers of 014 would count everything twice.
DROP TRIGGER key_gaps_insert;
DROP TRIGGER key_gaps_update;
DROP TRIGGER key_gaps_delete;
DROP TRIGGER account_gaps_insert;
DROP TRIGGER account_gaps_update;
DROP TRIGGER account_gaps_delete;
