// A network device (router, switch, PoP): the node of every topology view.
export interface Device {
  /** Stable identity derived from the data: chassis id, router id or `<network>/<hostname>`. */
  id: string;
  hostname: string | null;
  routerId?: string | null;
  chassisId?: string | null;
  /** Topology or network the device belongs to (Topology Zoo network name, JSON `name`). */
  network?: string | null;
  role?: string | null;
  asn?: number | null;
  latitude?: number | null;
  longitude?: number | null;
  country?: string | null;
  /** Addresses the device announces for management (LLDP); used to recognise it in other protocols. */
  managementAddresses?: string[];
}
