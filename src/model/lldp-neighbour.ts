// One LLDP neighbour entry as a device reported it, in vendor-neutral field names.

export interface LldpNeighbour {
  /** Local port the neighbour was heard on, as printed (not normalised). */
  localIfname: string;
  /** Junos: the aggregate the local port belongs to. */
  parentIfname?: string | null;
  chassisId: string | null;
  /** `mac`, `ip`, `ifname`, `local`, … when the source says. */
  chassisIdType?: string | null;
  portId: string | null;
  portIdType?: string | null;
  portDescription: string | null;
  systemName: string | null;
  systemDescription: string | null;
  /** Lower-case words as NAPALM prints them: `bridge`, `router`, `wlan-access-point`, … */
  systemCapabilities: string[];
  enabledCapabilities: string[];
  managementAddresses: string[];
  vlanId?: number | null;
  /** Seconds left before the entry ages out, or the TTL advertised. */
  ttl?: number | null;
  /** 1-based line where the entry starts in the input (text formats). */
  line?: number;
}
