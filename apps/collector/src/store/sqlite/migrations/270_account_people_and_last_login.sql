-- The accounts and alerts answers counted each account's people (a scan of users_by_account, 5-8 ms over the 26 k
-- people of 10 M events) and sought each account's latest sign-in down its account_days chain (2.3 k seeks, 8 ms)
-- on every question. Both are kept on the account's row instead.
--
-- users: the people whose users.account_id is this account. Triggers on users keep it, whichever path moves a
-- person (an upsert, an identity merge, an erasure); a new account row counts the people already pointing at it,
-- so the order the writer writes people and accounts in does not matter.
--
-- last_login: the latest instant of the account's sign-ins, as its latest 'login' row of account_days holds it.
-- The writer raises it with each group's sign-ins, and an erasure seeks it again down the chain (rollups.ts).
ALTER TABLE accounts ADD COLUMN users INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN last_login INTEGER;

UPDATE accounts SET
  users = (SELECT count(*) FROM users u WHERE u.project_id = accounts.project_id AND u.account_id = accounts.account_id),
  last_login = (SELECT l.last_ts FROM account_days l INDEXED BY account_days_chain WHERE l.project_id = accounts.project_id
    AND l.k = 'login' AND l.account_id = accounts.account_id ORDER BY l.day DESC LIMIT 1);

CREATE TRIGGER account_people_insert AFTER INSERT ON users WHEN new.account_id IS NOT NULL BEGIN
  UPDATE accounts SET users = users + 1 WHERE project_id = new.project_id AND account_id = new.account_id;
END;

CREATE TRIGGER account_people_move AFTER UPDATE OF account_id ON users WHEN old.account_id IS NOT new.account_id BEGIN
  UPDATE accounts SET users = users - 1 WHERE project_id = old.project_id AND account_id = old.account_id;
  UPDATE accounts SET users = users + 1 WHERE project_id = new.project_id AND account_id = new.account_id;
END;

CREATE TRIGGER account_people_delete AFTER DELETE ON users WHEN old.account_id IS NOT NULL BEGIN
  UPDATE accounts SET users = users - 1 WHERE project_id = old.project_id AND account_id = old.account_id;
END;

CREATE TRIGGER account_people_new_account AFTER INSERT ON accounts BEGIN
  UPDATE accounts SET users = (SELECT count(*) FROM users u WHERE u.project_id = new.project_id AND u.account_id = new.account_id)
    WHERE project_id = new.project_id AND account_id = new.account_id;
END;
