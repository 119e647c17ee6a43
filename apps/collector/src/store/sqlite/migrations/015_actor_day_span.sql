-- The earliest and latest instant of each actor's UTC day: a UTC day overlaps at most two local days of a
-- zone (outside the rare short DST days, which the readers check for), so these two instants tell which
-- local days the actor was active on, and DAU/WAU/MAU in any time zone read actor days instead of events.
-- NULL where the day's events were swept by retention before this migration.
ALTER TABLE actor_days ADD COLUMN first_ts INTEGER;
ALTER TABLE actor_days ADD COLUMN last_ts INTEGER;
UPDATE actor_days SET (first_ts, last_ts) = (
  SELECT min(e.ts), max(e.ts) FROM events e INDEXED BY events_by_actor
  WHERE e.project_id = actor_days.project_id AND e.actor = actor_days.actor
    AND e.ts >= actor_days.day * 86400000 AND e.ts < (actor_days.day + 1) * 86400000
);
