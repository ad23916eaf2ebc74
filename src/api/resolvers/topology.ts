// Resolvers of schema/topology.graphql: thin — arguments → store/loaders → mapping.
import type { Device, Link } from '../../model/index.js';
import type { ApiContext } from '../context.js';
import { decodeCursor, encodeCursor, pageSize } from '../cursor.js';
import { badInput } from '../errors.js';
import { findLeastCostPath } from '../../graph/least-cost-path.js';

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

interface DeviceFilterInput {
  network?: string | null;
  role?: string | null;
  hostnameContains?: string | null;
}

async function resolveDeviceName(ctx: ApiContext, name: string, argument: string): Promise<Device> {
  const { device, ambiguous } = await ctx.store.findDevice(name);
  if (!device) throw badInput(`no device with id, hostname or router id "${name}"`, argument);
  if (ambiguous) throw badInput(`hostname "${name}" names several devices; use the device id`, argument);
  return device;
}

export const topologyResolvers = {
  Query: {
    async devices(_: unknown, args: PageArgs & { filter?: DeviceFilterInput | null }, ctx: ApiContext) {
      const limit = pageSize(args.first);
      const after = decodeCursor('device', args.after);
      const filter = args.filter ?? {};
      const [page, totalCount] = await Promise.all([ctx.store.devicesPage(limit, after, filter), ctx.store.countDevices(filter)]);
      for (const d of page.devices) ctx.loaders.deviceById.prime(d.id, d);
      const edges = page.devices.map((d) => ({ cursor: encodeCursor('device', d.id), node: d }));
      return { edges, totalCount, pageInfo: { hasNextPage: page.hasMore, endCursor: edges.at(-1)?.cursor ?? null } };
    },
    async device(_: unknown, args: { id: string }, ctx: ApiContext) {
      return (await ctx.store.findDevice(args.id)).device;
    },
    async links(_: unknown, args: PageArgs, ctx: ApiContext) {
      const limit = pageSize(args.first);
      const after = decodeCursor('link', args.after);
      const [page, totalCount] = await Promise.all([ctx.store.linksPage(limit, after), ctx.store.countLinks()]);
      const edges = page.links.map((l) => ({ cursor: encodeCursor('link', l.id), node: l }));
      return { edges, totalCount, pageInfo: { hasNextPage: page.hasMore, endCursor: edges.at(-1)?.cursor ?? null } };
    },
    async path(_: unknown, args: { from: string; to: string }, ctx: ApiContext) {
      const [from, to] = await Promise.all([resolveDeviceName(ctx, args.from, 'from'), resolveDeviceName(ctx, args.to, 'to')]);
      const path = findLeastCostPath(await ctx.snapshots.current(), from.id, to.id);
      if (!path) return null;
      return { cost: path.cost, hopCount: path.linkIds.length, deviceIds: path.deviceIds, linkIds: path.linkIds };
    },
  },
  Device: {
    sources: (d: Device & { sources?: string[] }) => d.sources ?? [],
    interfaces: (d: Device, _: unknown, ctx: ApiContext) => ctx.loaders.interfacesByDeviceId.load(d.id),
    links: (d: Device, _: unknown, ctx: ApiContext) => ctx.loaders.linksByDeviceId.load(d.id),
  },
  Link: {
    a: (l: Link, _: unknown, ctx: ApiContext) => ctx.loaders.deviceById.load(l.aDeviceId),
    b: (l: Link, _: unknown, ctx: ApiContext) => ctx.loaders.deviceById.load(l.bDeviceId),
    tags: (l: Link) => l.tags ?? [],
    sources: (l: Link & { sources?: string[] }) => l.sources ?? [],
  },
  Path: {
    devices: (p: { deviceIds: string[] }, _: unknown, ctx: ApiContext) => ctx.loaders.deviceById.loadMany(p.deviceIds),
    links: (p: { linkIds: string[] }, _: unknown, ctx: ApiContext) => ctx.loaders.linkById.loadMany(p.linkIds),
  },
};
