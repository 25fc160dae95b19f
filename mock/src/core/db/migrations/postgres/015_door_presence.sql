-- PostgreSQL twin of ../015_door_presence.sql: presence before a printed code opens a door (issue 14).

-- A keeper is at the station during its opening hours (the lighter rule while it is open); 0/1 like stations.smart.
ALTER TABLE stations ADD COLUMN attended INTEGER NOT NULL DEFAULT 0;

-- When a newer pass of the same worker retired this one (epoch ms).
ALTER TABLE passes ADD COLUMN retired_at BIGINT;
