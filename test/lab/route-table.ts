// Reads FRR's `show ip route json`: the OSPF route and its metric per prefix, as the router installed it.
export interface OspfRoute {
  prefix: string;
  metric: number;
  /** Next-hop interfaces of the selected route (ECMP gives several). */
  interfaces: string[];
}

/** Prefix → the selected OSPF route; prefixes without one (connected, BGP, kernel) are left out. */
export type RouteTable = Map<string, OspfRoute>;

interface FrrRouteEntry {
  prefix: string;
  protocol: string;
  selected?: boolean;
  metric?: number;
  nexthops?: Array<{ interfaceName?: string; active?: boolean }>;
}

export function readOspfRoutes(json: string): RouteTable {
  const doc = JSON.parse(json) as Record<string, FrrRouteEntry[]>;
  const table: RouteTable = new Map();
  for (const [prefix, entries] of Object.entries(doc)) {
    // A router's own loopback shows as `connected` (selected) and `ospf` (not selected, metric 0): only
    // routes that forward count, so an unselected OSPF entry is not a route.
    const e = entries.find((x) => x.protocol === 'ospf' && x.selected === true);
    if (!e || typeof e.metric !== 'number') continue;
    table.set(prefix, {
      prefix,
      metric: e.metric,
      interfaces: (e.nexthops ?? []).filter((n) => n.active !== false && n.interfaceName).map((n) => n.interfaceName!),
    });
  }
  return table;
}

/** Prefixes with a selected route of one of `protocols` (default OSPF and connected): what the router can reach. */
export function readSelectedPrefixes(json: string, protocols: readonly string[] = ['ospf', 'connected']): Set<string> {
  const doc = JSON.parse(json) as Record<string, FrrRouteEntry[]>;
  return new Set(Object.entries(doc).filter(([, entries]) => entries.some((e) => e.selected === true && protocols.includes(e.protocol))).map(([prefix]) => prefix));
}
