// Cisco NX-OS `show lldp neighbors detail` text → LLDP observations.
import { ParseError } from '../../src/errors.js';
import type { ImportWarning } from '../../src/model/index.js';
import type { LldpNeighbour } from '../../src/model/lldp-neighbour.js';
import { blankNeighbour } from './blank-neighbour.js';
import { normaliseCapabilities } from './capabilities.js';
import { buildLldpObservations, type LldpParseOptions, type LldpParseResult } from './build-observations.js';
import { advertised, field, promptHostname, toInt, toLines } from './text-lines.js';

// Keys of an entry; any other line inside the System Description continues the description.
const KEYS = ['Chassis id', 'Port id', 'Local Port id', 'Port Description', 'System Name', 'System Description', 'Time remaining',
  'System Capabilities', 'Enabled Capabilities', 'Management Address', 'Management Address IPV6', 'Vlan ID', 'Total entries displayed'];

export function parseCiscoNxosLldp(input: string, opts: LldpParseOptions): LldpParseResult {
  const lines = toLines(input);
  const warnings: ImportWarning[] = [];
  const neighbours: LldpNeighbour[] = [];
  let n: LldpNeighbour | null = null;
  let inDescr = false;
  for (const { no, text } of lines) {
    const t = text.trim();
    const key = KEYS.find((k) => field(t, k) !== null);
    if (key === undefined) {
      // The description runs on until the next key (NX-OS prints no blank line after it).
      if (n && inDescr && t !== '') n.systemDescription = n.systemDescription ? `${n.systemDescription}\n${t}` : t;
      continue;
    }
    inDescr = false;
    const v = field(t, key)!;
    if (key === 'Chassis id') {
      n = blankNeighbour('', no);
      neighbours.push(n);
      n.chassisId = advertised(v);
      continue;
    }
    if (!n) continue;
    switch (key) {
      case 'Port id': n.portId = advertised(v); break;
      case 'Local Port id': n.localIfname = v; break;
      case 'Port Description': n.portDescription = advertised(v); break;
      case 'System Name': n.systemName = advertised(v); break;
      case 'System Description': n.systemDescription = advertised(v); inDescr = true; break;
      case 'Time remaining': n.ttl = toInt(v); break;
      case 'System Capabilities': n.systemCapabilities = normaliseCapabilities(advertised(v)); break;
      case 'Enabled Capabilities': n.enabledCapabilities = normaliseCapabilities(advertised(v)); break;
      case 'Management Address':
      case 'Management Address IPV6': {
        const a = advertised(v);
        if (a) n.managementAddresses.push(a);
        break;
      }
      case 'Vlan ID': n.vlanId = toInt(advertised(v)); break;
      default: break;
    }
  }
  if (neighbours.length === 0 && !/Total entries displayed:\s*0/.test(input) && !/Device ID\s+Local Intf/.test(input)) {
    throw new ParseError({ file: opts.file, line: 1 }, 'NX-OS `show lldp neighbors detail` output (entries starting with "Chassis id:")');
  }
  return buildLldpObservations('cisco-nxos-lldp', neighbours, opts, { hostname: promptHostname(lines) }, warnings);
}
