-- The logins answer counts each person's sign-ins over the range from the sign-in days held in memory
-- (key-days.ts), as a segment's already did: 63 → 19 ms for 90 days by week over 10 M events, where the
-- histogram read 113 k login_blocks rows. Nothing reads login_blocks any more, so its rows and the four triggers
-- that kept them on every change to key_days go.
DROP TRIGGER login_blocks_insert;
DROP TRIGGER login_blocks_count;
DROP TRIGGER login_blocks_move;
DROP TRIGGER login_blocks_delete;
DROP TABLE login_blocks;
