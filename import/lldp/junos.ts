// Juniper Junos `show lldp neighbors` (table) and `show lldp neighbors interface …` (detail) text → LLDP observations.
import { ParseError } from '../../src/errors.js';
import type { ImportWarning } from '../../src/model/index.js';
import type { LldpNeighbour } from '../../src/model/lldp-neighbour.js';
import { blankNeighbour } from './blank-neighbour.js';
import { normaliseCapabilities } from './capabilities.js';
import { buildLldpObservations, type LldpParseOptions, type LldpParseResult } from './build-observations.js';
import { advertised, field, promptHostname, toInt, toLines, type TextLine } from './text-lines.js';

export function parseJunosLldp(input: string, opts: LldpParseOptions): LldpParseResult {
  const lines = toLines(input);
  const warnings: ImportWarning[] = [];
  const neighbours = [...readTable(lines), ...readDetail(lines)].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (neighbours.length === 0 && !/Local Interface/i.test(input)) {
    throw new ParseError({ file: opts.file, line: 1 }, 'Junos `show lldp neighbors` output (a "Local Interface … System Name" table or "Local Interface : …" detail blocks)');
  }
  return buildLldpObservations('junos-lldp', neighbours, opts, { hostname: promptHostname(lines) }, warnings);
}

/** The summary table, cut at the header's column positions (System Name may hold spaces: it runs to the end). */
function readTable(lines: TextLine[]): LldpNeighbour[] {
  const out: LldpNeighbour[] = [];
  let cols: number[] | null = null;
  for (const { no, text } of lines) {
    if (/^Local Interface\s+Parent Interface\s+Chassis Id\s+Port info\s+System Name/i.test(text)) {
      cols = ['Local Interface', 'Parent Interface', 'Chassis Id', 'Port info', 'System Name'].map((h) => text.toLowerCase().indexOf(h.toLowerCase()));
      continue;
    }
    if (!cols) continue;
    if (text.trim() === '' || /[#>]\s*$/.test(text) || /\{master/.test(text)) {
      cols = null;
      continue;
    }
    const cell = (i: number) => text.slice(cols![i], i + 1 < cols!.length ? cols![i + 1] : undefined).trim();
    const local = cell(0);
    if (!local) continue;
    const parent = cell(1);
    out.push({
      ...blankNeighbour(local, no),
      parentIfname: parent === '-' || parent === '' ? null : parent,
      chassisId: cell(2) || null,
      // `Port info` is the port description when the neighbour sends one, else its port id.
      portId: cell(3) || null,
      systemName: cell(4) || null,
    });
  }
  return out;
}

/** Detail blocks: `Local Interface : ge-0/0/0` … `Neighbour Information:` … `System name : …`. */
function readDetail(lines: TextLine[]): LldpNeighbour[] {
  const out: LldpNeighbour[] = [];
  let n: LldpNeighbour | null = null;
  let section = '';
  for (const { no, text } of lines) {
    const t = text.trim();
    let v: string | null;
    if ((v = field(t, 'Local Interface')) !== null) {
      n = blankNeighbour(v, no);
      out.push(n);
      section = '';
      continue;
    }
    if (!n) continue;
    if (/^(Local|Neighbou?r) Information:?$/i.test(t)) section = '';
    else if (/^System capabilities/i.test(t)) section = 'caps';
    else if (/^Management Info/i.test(t)) section = 'mgmt';
    if (section === 'caps') {
      if ((v = field(t, 'Supported')) !== null) n.systemCapabilities = normaliseCapabilities(v);
      else if ((v = field(t, 'Enabled')) !== null) n.enabledCapabilities = normaliseCapabilities(v);
      continue;
    }
    if (section === 'mgmt') {
      if ((v = field(t, 'Address')) !== null && advertised(v)) n.managementAddresses.push(v);
      continue;
    }
    if ((v = field(t, 'Parent Interface')) !== null) n.parentIfname = advertised(v) === '-' ? null : advertised(v);
    else if ((v = field(t, 'Chassis ID')) !== null) n.chassisId = advertised(v);
    else if ((v = field(t, 'Chassis type')) !== null) n.chassisIdType = v;
    else if ((v = field(t, 'Port ID')) !== null) n.portId = advertised(v);
    else if ((v = field(t, 'Port type')) !== null) n.portIdType = v;
    else if ((v = field(t, 'Port description')) !== null) n.portDescription = advertised(v);
    else if ((v = field(t, 'System name')) !== null) n.systemName = advertised(v);
    else if ((v = field(t, 'System Description')) !== null) n.systemDescription = advertised(v);
    else if (/Time to live:/i.test(t)) n.ttl = toInt(/Time to live:\s*(\d+)/i.exec(t)?.[1] ?? null);
  }
  return out;
}
