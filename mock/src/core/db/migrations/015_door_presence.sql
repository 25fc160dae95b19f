-- Presence before a printed code opens a door (issue 14).

-- A keeper is at the station during its opening hours: while it is open, a printed code without a location still
-- opens its doors (the lighter rule). 0 for every station a migration finds; the seed sets it from the seed's
-- `smart` flag (a smart station is unattended), and a station's operator changes it with an UPDATE (README).
ALTER TABLE stations ADD COLUMN attended INTEGER NOT NULL DEFAULT 0;

-- A newly issued pass retires the worker's earlier unused ones (set once, by the issuing transaction); a retired
-- pass is refused at the reader with PASS_RETIRED.
ALTER TABLE passes ADD COLUMN retired_at INTEGER;
