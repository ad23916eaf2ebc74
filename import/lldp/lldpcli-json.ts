// lldpd's `lldpcli -f json show neighbors details` (and `-f json0`) → LLDP observations.
import { ParseError } from '../../src/errors.js';
import type { ImportWarning } from '../../src/model/index.js';
import type { LldpNeighbour } from '../../src/model/lldp-neighbour.js';
import { parseJson } from '../normalise/json-input.js';
import { normaliseCapabilities } from './capabilities.js';
import { buildLldpObservations, type LldpParseOptions, type LldpParseResult, type LocalIdentity } from './build-observations.js';
import { isObject, list, one, text, type JsonObject } from './json-access.js';

export function parseLldpctlJson(input: string, opts: LldpParseOptions): LldpParseResult {
  const root = parseJson(input, opts.file);
  if (!isObject(root) || !('lldp' in root || 'local-chassis' in root)) {
    throw new ParseError({ file: opts.file, line: 1 }, 'at $: an lldpcli JSON document ({"lldp": {"interface": …}})');
  }
  const warnings: ImportWarning[] = [];
  const neighbours: LldpNeighbour[] = [];
  const lldp = one(root.lldp);
  if (root.lldp !== undefined && !isObject(lldp)) {
    throw new ParseError({ file: opts.file, line: 1 }, 'at $.lldp: an object');
  }
  entries(isObject(lldp) ? lldp.interface : undefined).forEach(({ name, body, path }) => {
    const n = readNeighbour(name, body, path, opts.file, warnings);
    if (n) neighbours.push(n);
  });
  return buildLldpObservations('lldpcli-json', neighbours, opts, readLocal(root), warnings);
}

interface Entry {
  name: string | null;
  body: JsonObject;
  path: string;
}

/** Interface entries: `[{ "swp1": {…} }, …]`, a bare `{ "swp1": {…} }`, or json0's `[{ "name": "swp1", … }]`. */
function entries(v: unknown): Entry[] {
  const out: Entry[] = [];
  const items = list(v);
  items.forEach((item, i) => {
    const path = Array.isArray(v) ? `$.lldp.interface[${i}]` : '$.lldp.interface';
    if (!isObject(item)) {
      out.push({ name: null, body: {}, path });
      return;
    }
    if ('name' in item && ('chassis' in item || 'port' in item)) {
      out.push({ name: text(item.name), body: item, path });
      return;
    }
    for (const [name, body] of Object.entries(item)) out.push({ name, body: isObject(body) ? body : {}, path: `${path}.${name}` });
  });
  return out;
}

function readChassis(v: unknown): { name: string | null; body: JsonObject } | null {
  const c = one(v);
  if (!isObject(c)) return null;
  // A named chassis is printed as `{ "<sysname>": { "id": … } }`.
  const keys = Object.keys(c);
  if (!('id' in c) && keys.length === 1 && isObject(one(c[keys[0]!]))) return { name: keys[0]!, body: one(c[keys[0]!]) as JsonObject };
  return { name: text(c.name), body: c };
}

function readNeighbour(localIfname: string | null, e: JsonObject, path: string, file: string, warnings: ImportWarning[]): LldpNeighbour | null {
  if (!localIfname) {
    warnings.push({ file, message: `at ${path}: interface entry without a name; skipped` });
    return null;
  }
  const chassis = readChassis(e.chassis);
  const port = one(e.port);
  if (!chassis) {
    warnings.push({ file, message: `at ${path}: neighbour without a chassis; skipped` });
    return null;
  }
  const cid = one(chassis.body.id);
  const pid = isObject(port) ? one(port.id) : undefined;
  const caps = list(chassis.body.capability).filter(isObject);
  const ttl = text(isObject(port) ? port.ttl : undefined) ?? text(e.ttl);
  const vlan = list(e.vlan).find((x) => isObject(x) && 'vlan-id' in x) as JsonObject | undefined;
  return {
    localIfname,
    chassisId: isObject(cid) ? text(cid.value) : text(cid),
    chassisIdType: isObject(cid) ? text(cid.type) : null,
    portId: isObject(pid) ? text(pid.value) : text(pid),
    portIdType: isObject(pid) ? text(pid.type) : null,
    portDescription: isObject(port) ? text(port.descr) : null,
    systemName: chassis.name,
    systemDescription: text(chassis.body.descr),
    systemCapabilities: normaliseCapabilities(caps.map((c) => text(c.type) ?? '')),
    enabledCapabilities: normaliseCapabilities(caps.filter((c) => one(c.enabled) === true).map((c) => text(c.type) ?? '')),
    managementAddresses: list(chassis.body['mgmt-ip']).map(text).filter((a): a is string => a !== null),
    vlanId: vlan ? toInt(text(vlan['vlan-id'])) : null,
    ttl: toInt(ttl),
  };
}

/** `lldpcli -f json show chassis` output concatenated into the same document names the local device. */
function readLocal(root: JsonObject): LocalIdentity {
  const local = one(root['local-chassis']);
  if (!isObject(local)) return {};
  const chassis = readChassis(local.chassis);
  if (!chassis) return {};
  const cid = one(chassis.body.id);
  return { hostname: chassis.name, chassisId: isObject(cid) ? text(cid.value) : null };
}

function toInt(s: string | null): number | null {
  if (s === null) return null;
  const n = Number.parseInt(s, 10);
  return Number.isFinite(n) ? n : null;
}
