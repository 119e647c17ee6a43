-- account_user_blocks (160) told which days each person was active under each account, for each account's
-- distinct people over a range. They are counted from account_users' days held in memory now (key-days.ts), and
-- nothing reads it.
DROP TABLE account_user_blocks;
