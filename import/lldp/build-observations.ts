// Turns LLDP neighbour entries from any format into devices, interfaces and links with stable ids.
import { ParseError } from '../../src/errors.js';
import type { Device, ImportWarning, Interface, Link, TopologyObservations } from '../../src/model/index.js';
import { interfaceId, linkId } from '../../src/model/index.js';
import type { LldpNeighbour } from '../../src/model/lldp-neighbour.js';
import { chassisDeviceId, hostnameDeviceId } from '../../src/model/protocol-keys.js';
import { normaliseChassisId } from '../normalise/chassis-id.js';
import { normaliseIfname } from '../normalise/ifname.js';
import { normaliseMac } from '../normalise/mac.js';

export interface LldpParseOptions {
  file: string;
  observedAt: string;
  /** Name of the device the output was taken on, when the output itself does not say. */
  hostname?: string;
  /** Chassis id of that device, so its id matches what its neighbours report about it. */
  localChassisId?: string;
}

export interface LldpParseResult extends TopologyObservations {
  warnings: ImportWarning[];
  /** Every neighbour entry as read, before identities were derived (what the tests compare). */
  neighbours: LldpNeighbour[];
  localDeviceId: string;
}

/** What the input itself says about the device it was taken on (a prompt, lldpd's local chassis). */
export interface LocalIdentity {
  hostname?: string | null;
  chassisId?: string | null;
}

/**
 * Device identity: the chassis id when known, else the system name. The same rule applies to the
 * local device, so two files agree on a link only when each knows the other's chassis id or both
 * know only names; `mergeLldpObservations` reconciles the mixed case afterwards.
 */
export function lldpDeviceId(chassisId: string | null | undefined, name: string | null | undefined): string | null {
  if (chassisId && chassisId.trim() !== '') return chassisDeviceId(normaliseChassisId(chassisId));
  if (name && name.trim() !== '') return hostnameDeviceId(name.trim());
  return null;
}

const IFNAME_PORT_TYPES = new Set(['ifname', 'interface name', 'ifalias', 'interface alias']);

function looksLikeIfname(s: string | null | undefined): s is string {
  if (!s) return false;
  return !/\s/.test(s) && /[a-z]/i.test(s) && /\d/.test(s) && normaliseMac(s) === null;
}

/**
 * The neighbour's interface name: the port id when it is one (subtype ifname, or it reads like
 * one), else the port description when that reads like a name (lldpd on Linux sends the MAC as
 * port id and the name as description; Junos sends an ifIndex), else whatever id was sent.
 */
export function remoteIfname(n: LldpNeighbour): string | null {
  const id = n.portId?.trim() || null;
  if (id && n.portIdType && IFNAME_PORT_TYPES.has(n.portIdType.toLowerCase())) return normaliseIfname(id);
  if (looksLikeIfname(id)) return normaliseIfname(id);
  const descr = n.portDescription?.trim() || null;
  if (looksLikeIfname(descr)) return normaliseIfname(descr);
  const fallback = id ?? descr;
  // A MAC port id (NICs, phones) in the one spelling, so both ends' files agree on it.
  return fallback ? normaliseMac(fallback) ?? normaliseIfname(fallback) : null;
}

/** Management addresses, when the neighbour sent any: other protocols (OSPF router ids) know the device by them. */
function managementOf(n: LldpNeighbour): { managementAddresses?: string[] } {
  return n.managementAddresses.length > 0 ? { managementAddresses: [...n.managementAddresses] } : {};
}

export function buildLldpObservations(
  format: string,
  neighbours: LldpNeighbour[],
  opts: LldpParseOptions,
  found: LocalIdentity,
  warnings: ImportWarning[],
): LldpParseResult {
  const localChassis = opts.localChassisId ?? found.chassisId ?? null;
  const localName = opts.hostname ?? found.hostname ?? null;
  const localDeviceId = lldpDeviceId(localChassis, localName);
  if (localDeviceId === null) {
    throw new ParseError({ file: opts.file, line: 1 }, 'the name of the device this output was taken on: the output does not say, pass the hostname option');
  }
  const devices = new Map<string, Device>();
  const interfaces = new Map<string, Interface>();
  const links = new Map<string, Link>();
  const addDevice = (d: Device) => {
    const known = devices.get(d.id);
    if (!known) devices.set(d.id, d);
    else {
      known.hostname ??= d.hostname;
      known.chassisId ??= d.chassisId;
      if (d.managementAddresses?.length) known.managementAddresses = [...new Set([...(known.managementAddresses ?? []), ...d.managementAddresses])];
    }
  };
  const addInterface = (i: Interface) => {
    const known = interfaces.get(i.id);
    if (!known) interfaces.set(i.id, i);
    else {
      known.mac ??= i.mac;
      known.description ??= i.description;
    }
  };
  addDevice({ id: localDeviceId, hostname: localName, chassisId: localChassis ? normaliseChassisId(localChassis) : null });

  for (const n of neighbours) {
    const where = { file: opts.file, ...(n.line !== undefined ? { line: n.line } : {}) };
    const remoteId = lldpDeviceId(n.chassisId, n.systemName);
    if (remoteId === null) {
      warnings.push({ ...where, message: `neighbour on ${n.localIfname} has neither chassis id nor system name; skipped` });
      continue;
    }
    const localIf = normaliseIfname(n.localIfname);
    if (localIf === '') {
      // Older IOS omits the local port from the detail output; the device is real, the cable unknown.
      warnings.push({ ...where, message: `neighbour ${remoteId} names no local port (capture \`show lldp neighbors\` with it); no link` });
      addDevice({ id: remoteId, hostname: n.systemName?.trim() || null, chassisId: n.chassisId ? normaliseChassisId(n.chassisId) : null, ...managementOf(n) });
      continue;
    }
    const remoteIf = remoteIfname(n);
    if (remoteIf === null) warnings.push({ ...where, message: `neighbour ${remoteId} on ${n.localIfname} names no port; link kept without its far interface` });
    addDevice({
      id: remoteId,
      hostname: n.systemName?.trim() || null,
      chassisId: n.chassisId ? normaliseChassisId(n.chassisId) : null,
      ...managementOf(n),
    });
    addInterface({ id: interfaceId(localDeviceId, localIf), deviceId: localDeviceId, ifname: localIf });
    if (remoteIf !== null) {
      const portMac = n.portId ? normaliseMac(n.portId) : null;
      addInterface({ id: interfaceId(remoteId, remoteIf), deviceId: remoteId, ifname: remoteIf, mac: portMac, description: n.portDescription?.trim() || null });
    }
    // Ends in linkId's order, so the same cable read from either side gives an identical record.
    const ends = [
      { deviceId: localDeviceId, ifname: localIf },
      { deviceId: remoteId, ifname: remoteIf },
    ].sort((p, q) => (endKey(p) < endKey(q) ? -1 : endKey(p) > endKey(q) ? 1 : 0));
    const [a, b] = ends as [{ deviceId: string; ifname: string | null }, { deviceId: string; ifname: string | null }];
    const id = linkId(a, b);
    if (!links.has(id)) links.set(id, { id, aDeviceId: a.deviceId, bDeviceId: b.deviceId, aIfname: a.ifname, bIfname: b.ifname });
  }
  return {
    source: { protocol: 'lldp', format, file: opts.file, observedAt: opts.observedAt },
    devices: [...devices.values()],
    interfaces: [...interfaces.values()],
    links: [...links.values()],
    warnings,
    neighbours,
    localDeviceId,
  };
}

function endKey(e: { deviceId: string; ifname: string | null }): string {
  return e.ifname ? `${e.deviceId}|${e.ifname}` : e.deviceId;
}
