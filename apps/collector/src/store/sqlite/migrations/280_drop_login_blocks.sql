-- The logins answer counts each person's sign-ins over the range from the sign-in days held in memory
-- (key-days.ts), as a segment's already did: 63 → 19 ms for 90 days by week over 10 M events, where it summed
-- key_gaps and login_blocks in SQL. Nothing reads login_blocks any more, so its rows and the four triggers that
-- kept them on every change to key_days go. Loading 1 M events through append(), the store with this and 270
-- against the store before both: 47.9 k and 45.1 k events/s against 40.6 k and 40.3 k.
DROP TRIGGER login_blocks_insert;
DROP TRIGGER login_blocks_count;
DROP TRIGGER login_blocks_move;
DROP TRIGGER login_blocks_delete;
DROP TABLE login_blocks;
