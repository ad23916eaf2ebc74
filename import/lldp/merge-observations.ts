// Joins LLDP observations from several devices' files into one graph: both ends of a cable become one Link.
import type { Device, ImportWarning, Interface, Link } from '../../src/model/index.js';
import { interfaceId, linkId } from '../../src/model/index.js';
import { hostnameDeviceId } from '../../src/model/protocol-keys.js';

export interface LldpMergeInput {
  devices: Device[];
  interfaces: Interface[];
  links: Link[];
  warnings?: ImportWarning[];
}

export interface LldpMergeOptions {
  /**
   * Treat every device with the same system name as one device, whatever chassis ids it sent.
   * Needed where chassis ids are per port (NX-OSv, lldpd on veth pairs); off by default because
   * generic names (`localhost`, `switch`) would join unrelated devices.
   */
  byHostname?: boolean;
}

export interface LldpMerged {
  devices: Device[];
  interfaces: Interface[];
  links: Link[];
  warnings: ImportWarning[];
  /** Old device id → the id it was merged into (only ids that changed). */
  renamed: Map<string, string>;
}

/**
 * A file names its own device by hostname (the output does not carry its chassis id) while its
 * neighbours name it by chassis id. A name-only device is joined to the device with a chassis id
 * carrying that name when exactly one does; with `byHostname`, all devices sharing a name join.
 * The surviving id is the smallest chassis-id id of the group, so the result does not depend on
 * the order of the inputs.
 */
export function mergeLldpObservations(parts: LldpMergeInput[], opts: LldpMergeOptions = {}): LldpMerged {
  const devices = new Map<string, Device>();
  for (const p of parts) {
    for (const d of p.devices) {
      const known = devices.get(d.id);
      if (!known) devices.set(d.id, { ...d });
      else {
        known.hostname ??= d.hostname;
        known.chassisId ??= d.chassisId;
      }
    }
  }
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let r = id;
    while (parent.has(r)) r = parent.get(r)!;
    return r;
  };
  const union = (a: string, b: string) => {
    const [x, y] = [find(a), find(b)];
    if (x === y) return;
    // Keep the smaller id as root; chassis ids sort before `host:` ids by their prefix.
    if (x < y) parent.set(y, x);
    else parent.set(x, y);
  };
  const byName = new Map<string, Device[]>();
  for (const d of devices.values()) {
    if (!d.hostname) continue;
    byName.set(d.hostname, [...(byName.get(d.hostname) ?? []), d]);
  }
  const warnings: ImportWarning[] = parts.flatMap((p) => p.warnings ?? []);
  for (const [name, group] of byName) {
    const withChassis = group.filter((d) => d.chassisId);
    const nameOnly = devices.get(hostnameDeviceId(name));
    if (opts.byHostname) group.forEach((d) => union(group[0]!.id, d.id));
    else if (nameOnly && withChassis.length === 1) union(nameOnly.id, withChassis[0]!.id);
    else if (nameOnly && withChassis.length > 1) {
      warnings.push({ file: '(merge)', message: `${withChassis.length} chassis ids carry the name ${name}; ${nameOnly.id} left apart (use byHostname to join them)` });
    }
  }
  const renamed = new Map<string, string>();
  for (const id of devices.keys()) if (find(id) !== id) renamed.set(id, find(id));
  const to = (id: string) => renamed.get(id) ?? id;

  const mergedDevices = new Map<string, Device>();
  for (const d of [...devices.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const id = to(d.id);
    const known = mergedDevices.get(id);
    if (!known) mergedDevices.set(id, { ...d, id });
    else {
      known.hostname ??= d.hostname;
      known.chassisId ??= d.chassisId;
    }
  }
  const interfaces = new Map<string, Interface>();
  for (const i of parts.flatMap((p) => p.interfaces)) {
    const deviceId = to(i.deviceId);
    const id = interfaceId(deviceId, i.ifname);
    const known = interfaces.get(id);
    if (!known) interfaces.set(id, { ...i, id, deviceId });
    else {
      known.mac ??= i.mac;
      known.description ??= i.description;
    }
  }
  const links = new Map<string, Link>();
  for (const l of parts.flatMap((p) => p.links)) {
    const ends = [
      { deviceId: to(l.aDeviceId), ifname: l.aIfname ?? null },
      { deviceId: to(l.bDeviceId), ifname: l.bIfname ?? null },
    ].sort((p, q) => (key(p) < key(q) ? -1 : key(p) > key(q) ? 1 : 0));
    const [a, b] = ends as [{ deviceId: string; ifname: string | null }, { deviceId: string; ifname: string | null }];
    const id = linkId(a, b);
    if (!links.has(id)) links.set(id, { ...l, id, aDeviceId: a.deviceId, bDeviceId: b.deviceId, aIfname: a.ifname, bIfname: b.ifname });
  }
  return { devices: [...mergedDevices.values()], interfaces: [...interfaces.values()], links: [...links.values()], warnings, renamed };
}

function key(e: { deviceId: string; ifname: string | null }): string {
  return e.ifname ? `${e.deviceId}|${e.ifname}` : e.deviceId;
}
