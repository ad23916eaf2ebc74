// GraphML topologies (Internet Topology Zoo): nodes become devices, edges become links.
import { SaxesParser, type SaxesTag } from 'saxes';
import { ParseError } from '../../src/errors.js';
import type { Device, ImportWarning, Link, TopologyObservations } from '../../src/model/index.js';
import { linkId, namedDeviceId } from '../../src/model/index.js';

export interface GraphmlOptions {
  /** Name used in errors and as the record's source file. */
  file: string;
  observedAt: string;
  /** Network name when the file has none (defaults to the file's base name). */
  network?: string;
}

interface KeyDef {
  name: string;
  for: string;
}

interface RawElement {
  id: string;
  line: number;
  data: Map<string, string>;
  source?: string;
  target?: string;
}

export interface GraphmlResult extends TopologyObservations {
  warnings: ImportWarning[];
}

/** Parses a whole GraphML document; throws ParseError naming file and line on malformed input. */
export function parseGraphml(text: string, opts: GraphmlOptions): GraphmlResult {
  const keys = new Map<string, KeyDef>();
  const graphData = new Map<string, string>();
  const nodes: RawElement[] = [];
  const edges: RawElement[] = [];
  let current: RawElement | null = null;
  let inGraph = false;
  let dataKey: string | null = null;
  let dataText = '';
  let sawRoot = false;

  const parser = new SaxesParser({ position: true });
  const fail = (expected: string): never => {
    throw new ParseError({ file: opts.file, line: parser.line, column: parser.column }, expected);
  };

  parser.on('error', (err) => {
    throw new ParseError({ file: opts.file, line: parser.line, column: parser.column }, `well-formed XML (${err.message.replace(/^\S+:\d+:\d+: /, '')})`, { cause: err });
  });
  parser.on('opentag', (tag: SaxesTag) => {
    // Without xmlns processing saxes gives plain string attributes.
    const attr = (name: string): string | undefined => (tag.attributes as Record<string, string>)[name];
    switch (tag.name) {
      case 'graphml':
        sawRoot = true;
        break;
      case 'key': {
        const id = attr('id');
        if (!id) fail('a <key> with an id attribute');
        keys.set(id as string, { name: attr('attr.name') ?? (id as string), for: attr('for') ?? 'all' });
        break;
      }
      case 'graph':
        if (inGraph) fail('one <graph> (nested graphs are not supported)');
        inGraph = true;
        break;
      case 'node': {
        const id = attr('id');
        if (id === undefined) fail('a <node> with an id attribute');
        current = { id: id as string, line: parser.line, data: new Map() };
        nodes.push(current);
        break;
      }
      case 'edge': {
        const source = attr('source');
        const target = attr('target');
        if (source === undefined || target === undefined) fail('an <edge> with source and target attributes');
        current = { id: attr('id') ?? `e${edges.length}`, line: parser.line, data: new Map(), source, target };
        edges.push(current);
        break;
      }
      case 'data':
        dataKey = attr('key') ?? fail('a <data> with a key attribute');
        dataText = '';
        break;
      default:
        break;
    }
  });
  parser.on('text', (t) => {
    if (dataKey !== null) dataText += t;
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'data' && dataKey !== null) {
      const name = keys.get(dataKey)?.name ?? dataKey;
      (current ? current.data : graphData).set(name, dataText.trim());
      dataKey = null;
    } else if (tag.name === 'node' || tag.name === 'edge') {
      current = null;
    }
  });

  parser.write(text);
  parser.close();
  if (!sawRoot) throw new ParseError({ file: opts.file, line: 1 }, 'a <graphml> root element');

  return buildObservations(nodes, edges, graphData, opts);
}

function buildObservations(nodes: RawElement[], edges: RawElement[], graphData: Map<string, string>, opts: GraphmlOptions): GraphmlResult {
  const warnings: ImportWarning[] = [];
  const network = graphData.get('Network') || graphData.get('label') || opts.network || baseName(opts.file);
  const deviceIdByNode = new Map<string, string>();
  const devices: Device[] = [];
  const labelsSeen = new Map<string, number>();
  for (const n of nodes) {
    if (deviceIdByNode.has(n.id)) throw new ParseError({ file: opts.file, line: n.line }, `a unique node id (node "${n.id}" appears twice)`);
    const label = n.data.get('label') || n.id;
    labelsSeen.set(label, (labelsSeen.get(label) ?? 0) + 1);
  }
  for (const n of nodes) {
    const label = n.data.get('label') || n.id;
    // Zoo graphs sometimes repeat a city name for two PoPs: keep them apart by node id.
    const hostname = (labelsSeen.get(label) ?? 0) > 1 ? `${label}#${n.id}` : label;
    if (hostname !== label) warnings.push({ file: opts.file, line: n.line, message: `label "${label}" is used by several nodes; node ${n.id} named "${hostname}"` });
    const id = namedDeviceId(network, hostname);
    deviceIdByNode.set(n.id, id);
    devices.push({
      id,
      hostname,
      network,
      role: n.data.get('Internal') === '0' ? 'external' : null,
      latitude: toNumber(n.data.get('Latitude')),
      longitude: toNumber(n.data.get('Longitude')),
      country: n.data.get('Country') || null,
    });
  }

  const links: Link[] = [];
  const ordinals = new Map<string, number>();
  for (const e of edges) {
    const a = deviceIdByNode.get(e.source as string);
    const b = deviceIdByNode.get(e.target as string);
    if (a === undefined || b === undefined) {
      const missing = a === undefined ? e.source : e.target;
      throw new ParseError({ file: opts.file, line: e.line }, `an edge between declared nodes (edge ${e.id} refers to missing node "${missing}")`);
    }
    const base = linkId({ deviceId: a }, { deviceId: b });
    const ordinal = ordinals.get(base) ?? 0;
    ordinals.set(base, ordinal + 1);
    const cost = toNumber(e.data.get('cost') ?? e.data.get('weight') ?? e.data.get('metric'));
    links.push({
      id: linkId({ deviceId: a }, { deviceId: b }, ordinal),
      aDeviceId: a,
      bDeviceId: b,
      capacityBps: toNumber(e.data.get('LinkSpeedRaw')),
      costAtoB: cost,
      costBtoA: cost,
      label: e.data.get('LinkLabel') || null,
      tags: [],
    });
  }
  return {
    source: { protocol: 'topology', format: 'graphml', file: opts.file, observedAt: opts.observedAt },
    devices,
    interfaces: [],
    links,
    warnings,
  };
}

function toNumber(v: string | undefined): number | null {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function baseName(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
}
