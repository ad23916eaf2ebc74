// Maps a format name to its parser and detects the format of a file from its first bytes.
import type { ImportWarning, TopologyObservations } from '../src/model/index.js';
import type { OspfObservations } from '../src/model/ospf-lsdb.js';
import { detectLldpFormat, type LldpFormatName } from './lldp/detect.js';
import { LLDP_PARSERS } from './lldp/parsers.js';
import { detectOspfFormat } from './ospf/detect.js';
import { parseFrrOspfDatabase, type OspfInputFile } from './ospf/frr-json.js';
import { parseGraphml } from './topology/graphml.js';
import { parseJsonTopology } from './topology/json-topology.js';

export interface ParseOptions {
  file: string;
  observedAt: string;
  /** LLDP text without a prompt: the name of the device it was taken on. */
  hostname?: string;
}

export interface TopologyParseResult extends TopologyObservations {
  warnings: ImportWarning[];
}

/** How a format's records reach the store: topology-shaped (devices/interfaces/links) or an OSPF LSDB. */
export type FormatKind = 'topology' | 'ospf-lsdb';

interface FormatBase {
  name: string;
  description: string;
  /** True when the first bytes of a file look like this format. */
  sniff(head: string): boolean;
}

export interface TopologyFormat extends FormatBase {
  kind: 'topology';
  parse(text: string, opts: ParseOptions): TopologyParseResult;
}

/** LSDB outputs are parsed together (router + network LSAs of one area), so this takes several files. */
export interface OspfLsdbFormat extends FormatBase {
  kind: 'ospf-lsdb';
  parse(files: OspfInputFile[], opts: ParseOptions): OspfObservations;
}

export type ImportFormat = TopologyFormat | OspfLsdbFormat;

const lldp = (name: LldpFormatName, description: string): TopologyFormat => ({
  kind: 'topology',
  name,
  description,
  sniff: (head) => detectLldpFormat(head) === name,
  parse: (text, opts) => LLDP_PARSERS[name](text, opts),
});

const ospf = (name: 'frr-ospf-router-json' | 'frr-ospf-network-json', description: string): OspfLsdbFormat => ({
  kind: 'ospf-lsdb',
  name,
  description,
  sniff: (head) => detectOspfFormat(head) === name,
  parse: (files, opts) => parseFrrOspfDatabase(files, { observedAt: opts.observedAt }),
});

export const IMPORT_FORMATS: readonly ImportFormat[] = [
  { kind: 'topology', name: 'graphml', description: 'GraphML (Internet Topology Zoo)', parse: parseGraphml, sniff: (head) => /<graphml[\s>]/.test(head) },
  {
    kind: 'topology',
    name: 'json-topology',
    description: 'topolens JSON topology ({name, devices, links})',
    parse: parseJsonTopology,
    sniff: (head) => /^\s*\{/.test(head) && /"(devices|links)"\s*:/.test(head) && detectLldpFormat(head) === null,
  },
  lldp('lldpcli-json', 'lldpd `lldpcli -f json show neighbors details`'),
  lldp('lldpcli-keyvalue', 'lldpd `lldpcli -f keyvalue show neighbors details`'),
  lldp('cisco-ios-lldp', 'Cisco IOS `show lldp neighbors detail`'),
  lldp('cisco-nxos-lldp', 'Cisco NX-OS `show lldp neighbors detail`'),
  lldp('arista-eos-lldp', 'Arista EOS `show lldp neighbors detail`'),
  lldp('arista-eos-lldp-json', 'Arista EOS `show lldp neighbors detail | json`'),
  lldp('junos-lldp', 'Juniper Junos `show lldp neighbors` (detail)'),
  ospf('frr-ospf-router-json', 'FRRouting `show ip ospf database router json`'),
  ospf('frr-ospf-network-json', 'FRRouting `show ip ospf database network json`'),
];

export function formatNames(): string[] {
  return IMPORT_FORMATS.map((f) => f.name);
}

export function findFormat(name: string): ImportFormat | undefined {
  return IMPORT_FORMATS.find((f) => f.name === name);
}

export function detectFormat(head: string): ImportFormat | undefined {
  return IMPORT_FORMATS.find((f) => f.sniff(head));
}
