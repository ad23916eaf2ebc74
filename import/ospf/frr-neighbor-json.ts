// FRRouting `show ip ospf neighbor json` → OSPF neighbour records (state, role, interface) and the routers they name.
import { ParseError } from '../../src/errors.js';
import type { Device, ImportWarning, ObservationSource } from '../../src/model/index.js';
import type { OspfNeighbour } from '../../src/model/ospf-lsdb.js';
import { routerDeviceId } from '../../src/model/protocol-keys.js';
import { int, isObject, parseJson, str, type JsonObject } from '../normalise/json-input.js';

export interface FrrOspfNeighborOptions {
  file: string;
  observedAt: string;
  /** Router id of the router the table was printed on (the output does not say). */
  routerId?: string;
}

export interface FrrOspfNeighborResult {
  source: ObservationSource;
  devices: Device[];
  neighbours: OspfNeighbour[];
  warnings: ImportWarning[];
}

/*
 * FRR 7.5 and later: `{ "neighbors": { "<router id>": [ entry, … ] } }` (one entry per interface);
 * earlier releases print one object per router id instead of an array. The neighbour's address
 * is `ifaceAddress` (or `address`), the local side `ifaceName` as `ifname:local-address`, the
 * state `nbrState`/`state` as `Full/DR` (or `converged` + `role` in trimmed outputs).
 */
export function parseFrrOspfNeighbors(text: string, opts: FrrOspfNeighborOptions): FrrOspfNeighborResult {
  const root = parseJson(text, opts.file);
  if (!isObject(root) || !isObject(root.neighbors)) {
    throw new ParseError({ file: opts.file, line: 1 }, 'at $.neighbors: an object keyed by neighbour router id (FRR `show ip ospf neighbor json`)');
  }
  const warnings: ImportWarning[] = [];
  const neighbours: OspfNeighbour[] = [];
  for (const [rid, entries] of Object.entries(root.neighbors)) {
    const list = Array.isArray(entries) ? entries : [entries];
    list.forEach((e, i) => {
      const path = `$.neighbors["${rid}"]${Array.isArray(entries) ? `[${i}]` : ''}`;
      if (!isObject(e)) {
        warnings.push({ file: opts.file, message: `at ${path}: neighbour entry is not an object; skipped` });
        return;
      }
      neighbours.push(readEntry(rid, e, opts.routerId ?? null));
    });
  }
  const devices: Device[] = [];
  const ids = new Set<string>();
  for (const rid of [...(opts.routerId ? [opts.routerId] : []), ...neighbours.map((n) => n.neighbourRouterId)]) {
    if (ids.has(rid)) continue;
    ids.add(rid);
    devices.push({ id: routerDeviceId(rid), hostname: null, routerId: rid });
  }
  return { source: { protocol: 'ospf', format: 'frr-ospf-neighbor-json', file: opts.file, observedAt: opts.observedAt }, devices, neighbours, warnings };
}

function readEntry(rid: string, e: JsonObject, localRouterId: string | null): OspfNeighbour {
  const [stateText, roleText] = (str(e.nbrState) ?? str(e.state) ?? '').split('/');
  const iface = str(e.ifaceName);
  const colon = iface?.lastIndexOf(':') ?? -1;
  const role = roleText ?? str(e.role);
  return {
    neighbourRouterId: rid,
    localRouterId,
    address: str(e.ifaceAddress) ?? str(e.address),
    ifname: iface ? (colon > 0 ? iface.slice(0, colon) : iface) : null,
    localAddress: iface && colon > 0 ? iface.slice(colon + 1) : null,
    state: stateText ? stateText : str(e.converged),
    role: role === '-' || role === undefined || role === null ? null : role,
    priority: int(e.nbrPriority ?? e.priority),
    upTimeMs: int(e.upTimeInMsec),
    deadTimeMs: int(e.deadTimeMsecs ?? e.routerDeadIntervalTimerDueMsec),
  };
}

