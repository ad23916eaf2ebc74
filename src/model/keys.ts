// Stable identities derived from the data, so that re-importing the same input changes nothing.

/** Id of a device known only by its name inside a named topology. */
export function namedDeviceId(network: string, hostname: string): string {
  return `${network}/${hostname}`;
}

export function interfaceId(deviceId: string, ifname: string): string {
  return `${deviceId}|${ifname}`;
}

/**
 * Id of an undirected link: the two ends in a fixed order (so a→b and b→a give the same id),
 * plus an ordinal that tells parallel links between the same two ends apart.
 */
export function linkId(
  a: { deviceId: string; ifname?: string | null },
  b: { deviceId: string; ifname?: string | null },
  ordinal = 0,
): string {
  const end = (e: { deviceId: string; ifname?: string | null }) => (e.ifname ? `${e.deviceId}|${e.ifname}` : e.deviceId);
  const [x, y] = [end(a), end(b)].sort();
  return ordinal > 0 ? `${x}~${y}#${ordinal}` : `${x}~${y}`;
}

export function ospfAdjacencyId(area: string, from: string, to: string, ordinal = 0): string {
  return `ospf:${area}:${from}>${to}${ordinal > 0 ? `#${ordinal}` : ''}`;
}
