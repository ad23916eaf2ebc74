// Arista EOS `show lldp neighbors detail` text → LLDP observations.
import { ParseError } from '../../src/errors.js';
import type { ImportWarning } from '../../src/model/index.js';
import type { LldpNeighbour } from '../../src/model/lldp-neighbour.js';
import { blankNeighbour } from './blank-neighbour.js';
import { normaliseCapabilities } from './capabilities.js';
import { buildLldpObservations, type LldpParseOptions, type LldpParseResult } from './build-observations.js';
import { advertised, field, promptHostname, toInt, toLines, unquote } from './text-lines.js';

export function parseAristaEosLldp(input: string, opts: LldpParseOptions): LldpParseResult {
  const lines = toLines(input);
  const warnings: ImportWarning[] = [];
  const neighbours: LldpNeighbour[] = [];
  let localIfname: string | null = null;
  let expected = 0;
  let blockStart = 0;
  let n: LldpNeighbour | null = null;
  // EOS nests values under `- Section:` lines; `Port ID` means the neighbour's port only under
  // `Port ID type`, and something else under `Link Aggregation`.
  let section = '';
  // A quoted value may run over several lines until its closing quote.
  const pending: { apply: ((v: string) => void) | null; text: string } = { apply: null, text: '' };
  for (const { no, text } of lines) {
    const t = text.trim();
    if (pending.apply) {
      pending.text += `\n${t}`;
      if (t.endsWith('"')) {
        pending.apply(unquote(pending.text));
        pending.apply = null;
      }
      continue;
    }
    const intf = /^Interface\s+(\S+)\s+detected\s+(\d+)\s+LLDP neighbors?:?$/i.exec(t);
    if (intf) {
      checkCount(localIfname, expected, neighbours.length - blockStart, no, opts.file, warnings);
      localIfname = intf[1]!;
      expected = Number(intf[2]);
      blockStart = neighbours.length;
      n = null;
      continue;
    }
    if (/^Neighbor\s+\S+/.test(t)) {
      if (localIfname === null) {
        warnings.push({ file: opts.file, line: no, message: 'neighbour before any "Interface … detected" line; skipped' });
        n = null;
        continue;
      }
      n = blankNeighbour(localIfname, no);
      neighbours.push(n);
      section = '';
      continue;
    }
    if (!n) continue;
    const cur = n;
    const isSection = /^-\s/.test(t);
    const kv = /^-?\s*([^:]+?)\s*:\s?(.*)$/.exec(t);
    if (!kv) continue;
    const key = kv[1]!.toLowerCase();
    const raw = kv[2]!.trim();
    if (isSection) section = key;
    const set = (apply: (v: string) => void) => {
      if (raw.startsWith('"') && !(raw.length > 1 && raw.endsWith('"'))) {
        pending.apply = apply;
        pending.text = raw;
      } else apply(unquote(raw));
    };
    if (key === 'chassis id' && section === 'chassis id type') set((v) => (cur.chassisId = advertised(v)));
    else if (key === 'chassis id type') cur.chassisIdType = raw.replace(/\s*\(\d+\)$/, '');
    else if (key === 'port id' && section === 'port id type') set((v) => (cur.portId = advertised(v)));
    else if (key === 'port id type') cur.portIdType = raw.replace(/\s*\(\d+\)$/, '');
    else if (key === 'port description') set((v) => (cur.portDescription = advertised(v)));
    else if (key === 'system name') set((v) => (cur.systemName = advertised(v)));
    else if (key === 'system description') set((v) => (cur.systemDescription = advertised(v)));
    else if (key === 'system capabilities') cur.systemCapabilities = normaliseCapabilities(advertised(raw));
    else if (key === 'enabled capabilities') cur.enabledCapabilities = normaliseCapabilities(advertised(raw));
    else if (key === 'management address' && section === 'management address subtype') {
      const a = advertised(raw);
      if (a) cur.managementAddresses.push(a);
    } else if (key === 'time to live') cur.ttl = toInt(raw);
    else if (key === 'ieee802.1 port vlan id') cur.vlanId = toInt(raw);
  }
  checkCount(localIfname, expected, neighbours.length - blockStart, lines.length, opts.file, warnings);
  if (localIfname === null && input.trim() !== '') {
    throw new ParseError({ file: opts.file, line: 1 }, 'Arista EOS `show lldp neighbors detail` output ("Interface … detected N LLDP neighbors:" blocks)');
  }
  return buildLldpObservations('arista-eos-lldp', neighbours, opts, { hostname: promptHostname(lines) }, warnings);
}

/** The header says how many neighbours follow; fewer means the output was cut. */
function checkCount(ifname: string | null, expected: number, seen: number, line: number, file: string, warnings: ImportWarning[]): void {
  if (ifname === null) return;
  if (seen !== expected) warnings.push({ file, line, message: `interface ${ifname}: header announced ${expected} neighbours, found ${seen}` });
}
