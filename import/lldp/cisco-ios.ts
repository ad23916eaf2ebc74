// Cisco IOS / IOS-XE `show lldp neighbors detail` text → LLDP observations.
import { ParseError } from '../../src/errors.js';
import type { ImportWarning } from '../../src/model/index.js';
import type { LldpNeighbour } from '../../src/model/lldp-neighbour.js';
import { blankNeighbour } from './blank-neighbour.js';
import { normaliseCapabilities } from './capabilities.js';
import { buildLldpObservations, type LldpParseOptions, type LldpParseResult } from './build-observations.js';
import { advertised, field, promptHostname, toInt, toLines, type TextLine } from './text-lines.js';

interface SummaryRow {
  deviceId: string;
  localIfname: string;
  portId: string;
}

/**
 * Older IOS releases leave `Local Intf` out of the detail output; operators then capture
 * `show lldp neighbors` too. When that table is in the same text, entries are matched to its
 * rows by port id and (20-character truncated) device id, as NAPALM does.
 */
export function parseCiscoIosLldp(input: string, opts: LldpParseOptions): LldpParseResult {
  const lines = toLines(input);
  const warnings: ImportWarning[] = [];
  const neighbours = readCiscoIosNeighbours(lines, warnings, opts.file);
  const summary = readSummaryTable(lines);
  const used = new Set<SummaryRow>();
  for (const n of neighbours) {
    if (n.localIfname !== '') continue;
    const row = summary.find(
      (r) => !used.has(r) && r.portId === (n.portId ?? '') && (n.systemName ?? 'not advertised').startsWith(r.deviceId),
    );
    if (row) {
      used.add(row);
      n.localIfname = row.localIfname;
    }
  }
  if (neighbours.length === 0 && !/Total entries displayed:\s*0/.test(input) && !/Chassis id:/i.test(input)) {
    throw new ParseError({ file: opts.file, line: 1 }, 'Cisco IOS `show lldp neighbors detail` output (entries starting with "Local Intf:" or "Chassis id:")');
  }
  return buildLldpObservations('cisco-ios-lldp', neighbours, opts, { hostname: promptHostname(lines) }, warnings);
}

function readCiscoIosNeighbours(lines: TextLine[], warnings: ImportWarning[], file: string): LldpNeighbour[] {
  const out: LldpNeighbour[] = [];
  let n: LldpNeighbour | null = null;
  // Multi-line values (System Description, Management Addresses) run until a blank line or the next key.
  let block: 'descr' | 'mgmt' | null = null;
  const finish = () => {
    if (n) out.push(n);
    n = null;
    block = null;
  };
  const start = (line: number): LldpNeighbour => {
    finish();
    n = blankNeighbour('', line);
    return n;
  };
  for (const { no, text } of lines) {
    const t = text.trim();
    if (/^-{10,}$/.test(t)) {
      finish();
      continue;
    }
    let v: string | null;
    // `n` changes inside the closures above, which TypeScript's narrowing cannot see.
    const cur = n as LldpNeighbour | null;
    if ((v = field(t, 'Local Intf')) !== null) {
      (cur && cur.localIfname === '' && cur.chassisId === null ? cur : start(no)).localIfname = v;
      block = null;
    } else if ((v = field(t, 'Chassis id')) !== null) {
      (cur && cur.chassisId === null ? cur : start(no)).chassisId = advertised(v);
      block = null;
    } else if (cur === null) {
      continue;
    } else if ((v = field(t, 'Port id')) !== null) {
      cur.portId = advertised(v);
      block = null;
    } else if ((v = field(t, 'Port Description')) !== null) {
      cur.portDescription = advertised(v);
      block = null;
    } else if ((v = field(t, 'System Name')) !== null) {
      cur.systemName = advertised(v);
      block = null;
    } else if ((v = field(t, 'System Description')) !== null) {
      cur.systemDescription = advertised(v);
      block = 'descr';
    } else if ((v = field(t, 'Time remaining')) !== null) {
      cur.ttl = toInt(v);
      block = null;
    } else if ((v = field(t, 'System Capabilities')) !== null) {
      cur.systemCapabilities = normaliseCapabilities(advertised(v));
      block = null;
    } else if ((v = field(t, 'Enabled Capabilities')) !== null) {
      cur.enabledCapabilities = normaliseCapabilities(advertised(v));
      block = null;
    } else if ((v = field(t, 'Management Addresses')) !== null) {
      block = 'mgmt';
    } else if ((v = field(t, 'Vlan ID')) !== null) {
      cur.vlanId = toInt(advertised(v));
      block = null;
    } else if (block === 'descr') {
      if (t === '') {
        // The description starts on the line after its key, so the first blank line is the gap before it.
        if (cur.systemDescription !== null) block = null;
      } else cur.systemDescription = cur.systemDescription === null ? t : `${cur.systemDescription}\n${t}`;
    } else if (block === 'mgmt') {
      const ip = /^IP(?:V6)?:\s*(\S+)/i.exec(t);
      if (ip) cur.managementAddresses.push(ip[1]!);
      else if (!/^OID:|^[\d.]+$/.test(t)) block = null;
    } else if (/^Total entries displayed/i.test(t)) {
      finish();
    }
  }
  finish();
  for (const x of out) {
    if (x.chassisId === null) warnings.push({ file, line: x.line, message: 'entry without a Chassis id line' });
  }
  return out;
}

/** Rows of a `show lldp neighbors` table in the same text, cut at the header's column positions. */
function readSummaryTable(lines: TextLine[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  let cols: { local: number; hold: number; port: number } | null = null;
  for (const { text } of lines) {
    const h = /^Device ID\s+Local Intf\s+Hold-time\s+Capability\s+Port ID/.exec(text);
    if (h) {
      cols = { local: text.indexOf('Local Intf'), hold: text.indexOf('Hold-time'), port: text.indexOf('Port ID') };
      continue;
    }
    if (!cols) continue;
    if (text.trim() === '' || /^Total entries/i.test(text)) {
      if (rows.length > 0 || /^Total entries/i.test(text)) cols = null;
      continue;
    }
    const deviceId = text.slice(0, cols.local).trim();
    const localIfname = text.slice(cols.local, cols.hold).trim();
    const portId = text.slice(cols.port).trim();
    if (deviceId && localIfname && portId) rows.push({ deviceId, localIfname, portId });
  }
  return rows;
}
