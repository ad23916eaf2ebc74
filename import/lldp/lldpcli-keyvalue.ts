// lldpd's `lldpcli -f keyvalue show neighbors details` (`lldp.<if>.<path>=<value>` lines) → LLDP observations.
import { ParseError } from '../../src/errors.js';
import type { ImportWarning } from '../../src/model/index.js';
import type { LldpNeighbour } from '../../src/model/lldp-neighbour.js';
import { blankNeighbour } from './blank-neighbour.js';
import { normaliseCapabilities } from './capabilities.js';
import { buildLldpObservations, type LldpParseOptions, type LldpParseResult } from './build-observations.js';

// First path segment after the interface name; interface names may themselves contain dots (`eth0.100`).
const TOP_KEYS = new Set(['via', 'rid', 'age', 'chassis', 'port', 'vlan', 'ppvid', 'pi', 'lldp-med', 'unknown-tlvs', 'ttl', 'dot3', 'dot1']);
const ID_SUBTYPES = new Set(['mac', 'ip', 'ifname', 'ifalias', 'local', 'unhandled']);

export function parseLldpctlKeyvalue(input: string, opts: LldpParseOptions): LldpParseResult {
  const warnings: ImportWarning[] = [];
  const neighbours: LldpNeighbour[] = [];
  let current: (LldpNeighbour & { rid?: string }) | null = null;
  const caps: { name: string; enabled: boolean }[] = [];
  const finish = () => {
    if (!current) return;
    current.systemCapabilities = normaliseCapabilities(caps.map((c) => c.name));
    current.enabledCapabilities = normaliseCapabilities(caps.filter((c) => c.enabled).map((c) => c.name));
    const { rid: _rid, ...n } = current;
    neighbours.push(n);
    current = null;
    caps.length = 0;
  };
  let sawKey = false;
  const lines = input.split(/\r?\n/);
  lines.forEach((line, i) => {
    const lineNo = i + 1;
    if (line.trim() === '') return;
    const m = /^lldp\.([^=]+)=(.*)$/.exec(line);
    if (!m) {
      warnings.push({ file: opts.file, line: lineNo, message: 'not an lldp.<interface>.<key>=<value> line; ignored' });
      return;
    }
    const segs = m[1]!.split('.');
    const k = segs.findIndex((s, j) => j > 0 && TOP_KEYS.has(s));
    if (k < 0) {
      warnings.push({ file: opts.file, line: lineNo, message: `unknown key ${m[1]}; ignored` });
      return;
    }
    sawKey = true;
    const ifname = segs.slice(0, k).join('.');
    const path = segs.slice(k);
    const value = m[2]!;
    // A neighbour's block starts with `via`; a second `rid` or another interface also starts one.
    const starts = path[0] === 'via' || (path[0] === 'rid' && current?.rid !== undefined);
    if (!current || starts || current.localIfname !== ifname) {
      finish();
      current = blankNeighbour(ifname, lineNo);
    }
    apply(current!, caps, path, value);
  });
  finish();
  if (!sawKey && input.trim() !== '') {
    throw new ParseError({ file: opts.file, line: 1 }, 'lldpcli keyvalue output (lines like lldp.eth0.chassis.name=…)');
  }
  return buildLldpObservations('lldpcli-keyvalue', neighbours, opts, {}, warnings);
}

function apply(n: LldpNeighbour & { rid?: string }, caps: { name: string; enabled: boolean }[], path: string[], value: string): void {
  const [top, second, third] = path;
  if (top === 'rid') n.rid = value;
  else if (top === 'chassis' && second !== undefined) {
    if (path.length === 2 && ID_SUBTYPES.has(second)) {
      n.chassisId = value;
      n.chassisIdType = second;
    } else if (second === 'name') n.systemName = value;
    else if (second === 'descr') n.systemDescription = value;
    else if (second === 'mgmt-ip') n.managementAddresses.push(value);
    else if (third === 'enabled') caps.push({ name: second, enabled: value === 'on' });
  } else if (top === 'port' && second !== undefined) {
    if (path.length === 2 && ID_SUBTYPES.has(second)) {
      n.portId = value;
      n.portIdType = second;
    } else if (second === 'descr') n.portDescription = value;
    else if (second === 'ttl') n.ttl = Number.parseInt(value, 10);
  } else if (top === 'ttl') n.ttl = Number.parseInt(value, 10);
  else if (top === 'vlan' && second === 'vlan-id') n.vlanId = Number.parseInt(value, 10);
}
