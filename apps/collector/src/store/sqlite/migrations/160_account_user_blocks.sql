-- Which days each person had events under each account, 64 days to a row, as account_blocks (migration 150)
-- holds them per key. An account's distinct users over a range longer than a week read every account_users
-- row of the range (over 10 M events: 28 days, 214 k rows, 30 ms; 90 days, 688 k rows, 51 ms); here they read
-- a row per person, account and block. Keyed by person first, as erasure and identity merges rewrite them.
CREATE TABLE account_user_blocks (
  project_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  account_id TEXT NOT NULL,
  block INTEGER NOT NULL,
  mask INTEGER NOT NULL,
  PRIMARY KEY (project_id, actor, account_id, block)
) WITHOUT ROWID;

INSERT INTO account_user_blocks (project_id, actor, account_id, block, mask)
  SELECT project_id, actor, account_id, day >> 6, sum(1 << (day & 63)) FROM account_users INDEXED BY account_users_chain GROUP BY 1, 2, 3, 4;
