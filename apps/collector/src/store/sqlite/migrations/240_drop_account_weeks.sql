-- account_weeks (110) held each account's counts per week, kept by seven upserts per change to an account_totals
-- row. The accounts, alerts and features answers sum account_totals' days held in memory now (key-days.ts,
-- migration 230), and nothing reads it.
DROP TRIGGER account_weeks_insert;
DROP TRIGGER account_weeks_update;
DROP TRIGGER account_weeks_delete;
DROP TABLE account_weeks;
