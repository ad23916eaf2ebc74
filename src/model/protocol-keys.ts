// Device identities for protocol imports: LLDP chassis ids and names, OSPF router ids.

/** A device known by its LLDP chassis id (normalised, see import/normalise/chassis-id.ts). */
export function chassisDeviceId(chassisId: string): string {
  return `chassis:${chassisId}`;
}

/** A device known only by its hostname / LLDP system name. */
export function hostnameDeviceId(hostname: string): string {
  return `host:${hostname}`;
}

/** An OSPF router, known by its router id. */
export function routerDeviceId(routerId: string): string {
  return `router:${routerId}`;
}
