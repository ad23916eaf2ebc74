// The simple JSON topology format (documented in docs/json-topology.md): devices and links with costs.
import { z } from 'zod';
import { ParseError } from '../../src/errors.js';
import type { Device, ImportWarning, Interface, Link, TopologyObservations } from '../../src/model/index.js';
import { interfaceId, linkId, namedDeviceId } from '../../src/model/index.js';
import { lineColumnAt } from '../normalise/text-position.js';

const cost = z.number().positive().finite();

const DeviceSchema = z.strictObject({
  id: z.string().min(1).optional(),
  hostname: z.string().min(1),
  routerId: z.string().optional(),
  role: z.string().optional(),
  asn: z.number().int().min(0).max(4294967295).optional(),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  country: z.string().optional(),
});

const LinkSchema = z.strictObject({
  a: z.string().min(1),
  b: z.string().min(1),
  aIfname: z.string().min(1).optional(),
  bIfname: z.string().min(1).optional(),
  cost: cost.optional(),
  costAtoB: cost.optional(),
  costBtoA: cost.optional(),
  capacityBps: z.number().positive().optional(),
  tags: z.array(z.string()).optional(),
  label: z.string().optional(),
});

export const JsonTopologySchema = z.strictObject({
  format: z.literal('topolens-topology/v1').optional(),
  name: z.string().min(1),
  devices: z.array(DeviceSchema),
  links: z.array(LinkSchema),
});

export type JsonTopology = z.infer<typeof JsonTopologySchema>;

export interface JsonTopologyResult extends TopologyObservations {
  warnings: ImportWarning[];
}

export function parseJsonTopology(text: string, opts: { file: string; observedAt: string }): JsonTopologyResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const pos = /position (\d+)/.exec((err as Error).message);
    const loc = pos ? { ...lineColumnAt(text, Number(pos[1])), byteOffset: Buffer.byteLength(text.slice(0, Number(pos[1]))) } : {};
    throw new ParseError({ file: opts.file, ...loc }, `valid JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = JsonTopologySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? formatPath(issue.path) : '';
    const record = typeof issue?.path[1] === 'number' ? issue.path[1] : undefined;
    throw new ParseError({ file: opts.file, ...(record !== undefined ? { record } : {}) }, `a topolens JSON topology: at ${where || 'top level'}: ${issue?.message ?? 'invalid'}`);
  }
  return buildObservations(parsed.data, opts);
}

function buildObservations(t: JsonTopology, opts: { file: string; observedAt: string }): JsonTopologyResult {
  const byName = new Map<string, string>();
  const devices: Device[] = t.devices.map((d, i) => {
    const id = d.id ?? namedDeviceId(t.name, d.hostname);
    for (const name of [id, d.hostname]) {
      const prior = byName.get(name);
      if (prior !== undefined && prior !== id) throw new ParseError({ file: opts.file, record: i }, `a unique device name (devices[${i}] "${name}" is already used)`);
      byName.set(name, id);
    }
    return { id, hostname: d.hostname, routerId: d.routerId ?? null, role: d.role ?? null, asn: d.asn ?? null, network: t.name,
      latitude: d.latitude ?? null, longitude: d.longitude ?? null, country: d.country ?? null };
  });
  const interfaces = new Map<string, Interface>();
  const ordinals = new Map<string, number>();
  const links: Link[] = t.links.map((l, i) => {
    const a = byName.get(l.a);
    const b = byName.get(l.b);
    if (a === undefined || b === undefined) {
      throw new ParseError({ file: opts.file, record: i }, `links[${i}] to end at declared devices ("${a === undefined ? l.a : l.b}" is not in devices)`);
    }
    for (const [dev, ifname] of [[a, l.aIfname], [b, l.bIfname]] as const) {
      if (ifname) interfaces.set(interfaceId(dev, ifname), { id: interfaceId(dev, ifname), deviceId: dev, ifname });
    }
    const base = linkId({ deviceId: a, ifname: l.aIfname }, { deviceId: b, ifname: l.bIfname });
    const ordinal = ordinals.get(base) ?? 0;
    ordinals.set(base, ordinal + 1);
    return {
      id: linkId({ deviceId: a, ifname: l.aIfname }, { deviceId: b, ifname: l.bIfname }, ordinal),
      aDeviceId: a, bDeviceId: b, aIfname: l.aIfname ?? null, bIfname: l.bIfname ?? null,
      costAtoB: l.costAtoB ?? l.cost ?? null, costBtoA: l.costBtoA ?? l.cost ?? null,
      capacityBps: l.capacityBps ?? null, tags: l.tags ?? [], label: l.label ?? null,
    };
  });
  return {
    source: { protocol: 'topology', format: 'json-topology', file: opts.file, observedAt: opts.observedAt },
    devices, interfaces: [...interfaces.values()], links, warnings: [],
  };
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}
