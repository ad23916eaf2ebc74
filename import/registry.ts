// Maps a format name to its parser and detects the format of a file from its first bytes.
import type { ImportWarning, TopologyObservations } from '../src/model/index.js';
import { parseGraphml } from './topology/graphml.js';
import { parseJsonTopology } from './topology/json-topology.js';

export interface ParseOptions {
  file: string;
  observedAt: string;
}

export interface TopologyParseResult extends TopologyObservations {
  warnings: ImportWarning[];
}

export interface TopologyFormat {
  name: string;
  description: string;
  parse(text: string, opts: ParseOptions): TopologyParseResult;
  /** True when the first bytes of a file look like this format. */
  sniff(head: string): boolean;
}

export const TOPOLOGY_FORMATS: readonly TopologyFormat[] = [
  {
    name: 'graphml',
    description: 'GraphML (Internet Topology Zoo)',
    parse: parseGraphml,
    sniff: (head) => /<graphml[\s>]/.test(head),
  },
  {
    name: 'json-topology',
    description: 'topolens JSON topology ({name, devices, links})',
    parse: parseJsonTopology,
    sniff: (head) => /^\s*\{/.test(head) && /"(devices|links)"\s*:/.test(head),
  },
];

export function formatNames(): string[] {
  return TOPOLOGY_FORMATS.map((f) => f.name);
}

export function findFormat(name: string): TopologyFormat | undefined {
  return TOPOLOGY_FORMATS.find((f) => f.name === name);
}

export function detectFormat(head: string): TopologyFormat | undefined {
  return TOPOLOGY_FORMATS.find((f) => f.sniff(head));
}
