-- Which days each account had rows of each key, 64 days to a row: bit (day & 63) of `mask` is day
-- (block << 6) + bit. Which features an account used in a range was one seek down account_days_chain per
-- (feature, account), 37 k seeks for 90 days over 10 M events, or every in-range day row for short ranges;
-- here it is one pass over a table 17 times smaller, a mask test per row. The rollups' writer (rollups.ts) sets
-- a bit for each new day row and clears it when erasure empties one.
CREATE TABLE account_blocks (
  project_id TEXT NOT NULL,
  k TEXT NOT NULL,
  account_id TEXT NOT NULL,
  block INTEGER NOT NULL,
  mask INTEGER NOT NULL,
  PRIMARY KEY (project_id, k, account_id, block)
) WITHOUT ROWID;

-- A day row is unique per (project, k, account, day): the sum of its bits is their OR.
INSERT INTO account_blocks (project_id, k, account_id, block, mask)
  SELECT project_id, k, account_id, day >> 6, sum(1 << (day & 63)) FROM account_days INDEXED BY account_days_chain GROUP BY 1, 2, 3, 4;
