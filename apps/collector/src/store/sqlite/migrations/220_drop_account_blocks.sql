-- account_blocks (150) told which days each account used each key, for the features and accounts answers. They
-- read the days held in memory now (key-days.ts, migration 210), and the writer no longer sets its bits.
DROP TABLE account_blocks;
