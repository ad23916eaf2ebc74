// BGP: per-window event counters keyed by id, and the lookups instability reports and route queries make.
CREATE CONSTRAINT bgp_event_window_id IF NOT EXISTS FOR (w:BgpEventWindow) REQUIRE w.id IS UNIQUE;
CREATE INDEX bgp_event_window_start IF NOT EXISTS FOR (w:BgpEventWindow) ON (w.windowStart);
CREATE INDEX bgp_event_window_prefix IF NOT EXISTS FOR (w:BgpEventWindow) ON (w.prefix);
CREATE INDEX route_prefix IF NOT EXISTS FOR (r:Route) ON (r.prefix);
