// BGP: the routes of one peer (withdrawn together when its session leaves Established), and event windows by session and origin AS for instability reports.
CREATE INDEX route_peer IF NOT EXISTS FOR (r:Route) ON (r.peerAddress, r.peerAsn);
CREATE INDEX bgp_event_window_session IF NOT EXISTS FOR (w:BgpEventWindow) ON (w.sessionId);
CREATE INDEX bgp_event_window_origin IF NOT EXISTS FOR (w:BgpEventWindow) ON (w.originAsn);
