// Router and network LSAs → devices, directed OSPF adjacencies with cost and area, stub networks and prefixes.
import type { Device, ImportWarning, Prefix } from '../../src/model/index.js';
import { ospfAdjacencyId } from '../../src/model/index.js';
import type { OspfAdjacencyRecord, OspfLsdb, OspfNetworkLsa, OspfObservations, OspfRouterLsa, OspfStubNetwork } from '../../src/model/ospf-lsdb.js';
import { routerDeviceId } from '../../src/model/protocol-keys.js';
import { maskLength } from './frr-lsdb-json.js';
import { compareLsaSequence } from './lsa-sequence.js';

/*
 * How LSAs become adjacencies (RFC 2328 §16.1, the graph SPF runs on, with the network vertex folded away):
 * - point-to-point link R→N (Link ID = N's router id): adjacency R→N at the link's cost.
 * - virtual link: the same, with linkType `virtual`.
 * - transit link R→net (Link ID = the DR's interface address = the network LSA's Link State ID):
 *   the network LSA lists the attached routers; R gets an adjacency to every other attached router
 *   at R's own cost to the network, since the network→router leg costs 0. N routers on one LAN
 *   give N·(N-1) directed adjacencies, each carrying `transitNetwork`.
 * - stub link: no adjacency; the network becomes an `OspfStubNetwork` of R and a `Prefix`.
 * SPF only uses a link when both ends list each other (the two-way check); one-way links are kept,
 * as they describe what the router advertises, and reported as warnings. Transit links whose network
 * LSA is missing give no adjacency (nothing names the routers behind them) and a warning.
 * Parallel adjacencies between the same two routers are told apart by an ordinal assigned in the
 * order of (linkType, interface address, network), so ids do not depend on LSA link order.
 */

export interface OspfBuildOptions {
  file: string;
  observedAt: string;
  format?: string;
  /** Hostnames by router id, when the caller knows them (FRR's LSDB carries none). */
  hostnames?: Record<string, string>;
}

export function buildOspfObservations(lsdb: OspfLsdb, opts: OspfBuildOptions, warnings: ImportWarning[] = []): OspfObservations {
  const warn = (message: string) => warnings.push({ file: opts.file, message });
  const devices = new Map<string, Device>();
  const addRouter = (rid: string) => {
    const id = routerDeviceId(rid);
    if (!devices.has(id)) devices.set(id, { id, hostname: opts.hostnames?.[rid] ?? null, routerId: rid });
  };
  const key = (area: string, id: string) => `${area}\u0000${id}`;
  const routers = new Map<string, OspfRouterLsa>();
  for (const r of lsdb.routerLsas) {
    const k = key(r.area, r.advertisingRouter);
    const known = routers.get(k);
    // Two copies of one LSA (two files of the same area): the newer sequence number wins.
    if (!known || compareLsaSequence(r.sequence, known.sequence) > 0) routers.set(k, r);
    addRouter(r.advertisingRouter);
  }
  const networks = new Map<string, OspfNetworkLsa>();
  for (const n of lsdb.networkLsas) {
    const k = key(n.area, n.linkStateId);
    const known = networks.get(k);
    if (!known || compareLsaSequence(n.sequence, known.sequence) > 0) networks.set(k, n);
    n.attachedRouters.forEach(addRouter);
  }

  const pending: Omit<OspfAdjacencyRecord, 'id'>[] = [];
  const stubNetworks: OspfStubNetwork[] = [];
  const prefixes = new Map<string, Prefix>();
  const lists = (from: OspfRouterLsa, to: string, type: 'point-to-point' | 'virtual') =>
    routers.get(key(from.area, to))?.links.some((l) => l.type === type && l.linkId === from.advertisingRouter) ?? false;

  for (const r of routers.values()) {
    if (!r.detailed) continue;
    const base = { fromDeviceId: routerDeviceId(r.advertisingRouter), fromRouterId: r.advertisingRouter, area: r.area, lsaSequence: r.sequence, lsaAge: r.age };
    for (const l of r.links) {
      if (l.type === 'point-to-point' || l.type === 'virtual') {
        addRouter(l.linkId);
        if (!lists(r, l.linkId, l.type)) warn(`area ${r.area}: ${r.advertisingRouter} lists ${l.type} link to ${l.linkId}, which does not list it back`);
        pending.push({ ...base, toDeviceId: routerDeviceId(l.linkId), toRouterId: l.linkId, cost: l.cost, linkType: l.type, interfaceAddress: l.linkData, transitNetwork: null });
      } else if (l.type === 'transit') {
        const net = networks.get(key(r.area, l.linkId));
        if (!net) {
          warn(`area ${r.area}: ${r.advertisingRouter} has a transit link to ${l.linkId}, but no network-LSA for it was given`);
          continue;
        }
        if (!net.attachedRouters.includes(r.advertisingRouter)) {
          warn(`area ${r.area}: ${r.advertisingRouter} has a transit link to ${l.linkId}, whose network-LSA does not list it`);
          continue;
        }
        const transitNetwork = `${l.linkId}/${net.prefixLength ?? '?'}`;
        for (const other of net.attachedRouters) {
          if (other === r.advertisingRouter) continue;
          pending.push({ ...base, toDeviceId: routerDeviceId(other), toRouterId: other, cost: l.cost, linkType: 'transit', interfaceAddress: l.linkData, transitNetwork });
        }
      } else {
        const len = maskLength(l.linkData);
        if (len === null) {
          warn(`area ${r.area}: stub link ${l.linkId} of ${r.advertisingRouter} has mask ${l.linkData}; skipped`);
          continue;
        }
        const prefix = `${l.linkId}/${len}`;
        stubNetworks.push({
          id: `ospf-stub:${r.area}:${r.advertisingRouter}:${prefix}`,
          deviceId: routerDeviceId(r.advertisingRouter),
          routerId: r.advertisingRouter,
          area: r.area,
          prefix,
          cost: l.cost,
          lsaSequence: r.sequence,
        });
        prefixes.set(prefix, { prefix, afi: 4 });
      }
    }
  }
  for (const n of networks.values()) {
    if (n.prefixLength === null) continue;
    const prefix = `${networkAddress(n.linkStateId, n.prefixLength)}/${n.prefixLength}`;
    if (!prefixes.has(prefix)) prefixes.set(prefix, { prefix, afi: 4 });
  }

  return {
    source: { protocol: 'ospf', format: opts.format ?? 'frr-ospf-json', file: opts.file, observedAt: opts.observedAt },
    devices: [...devices.values()],
    adjacencies: assignIds(pending),
    stubNetworks,
    prefixes: [...prefixes.values()],
    lsdb,
    warnings,
  };
}

function assignIds(pending: Omit<OspfAdjacencyRecord, 'id'>[]): OspfAdjacencyRecord[] {
  const order = (a: Omit<OspfAdjacencyRecord, 'id'>) => `${a.linkType}\u0000${a.interfaceAddress ?? ''}\u0000${a.transitNetwork ?? ''}`;
  const groups = new Map<string, Omit<OspfAdjacencyRecord, 'id'>[]>();
  for (const a of pending) {
    const k = `${a.area}\u0000${a.fromRouterId}\u0000${a.toRouterId}`;
    groups.set(k, [...(groups.get(k) ?? []), a]);
  }
  const out: OspfAdjacencyRecord[] = [];
  for (const group of groups.values()) {
    group.sort((x, y) => (order(x) < order(y) ? -1 : order(x) > order(y) ? 1 : x.cost - y.cost));
    group.forEach((a, i) => out.push({ id: ospfAdjacencyId(a.area, a.fromRouterId, a.toRouterId, i), ...a }));
  }
  return out;
}

function networkAddress(address: string, length: number): string {
  const n = address.split('.').reduce((acc, x) => acc * 256 + Number(x), 0);
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  const net = (n & mask) >>> 0;
  return [24, 16, 8, 0].map((s) => (net >>> s) & 255).join('.');
}
