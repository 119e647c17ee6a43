-- A segment on an account trait is a list of people: those whose current account has the trait. Without an
-- index on the account, every query a segment filters read every person's row (their traits included) to
-- build that list: over 10 M events 9.9 ms each time, 2.3 ms from this index, and the accounts page of one
-- segment builds it for four queries.
CREATE INDEX users_by_account ON users (project_id, account_id);
