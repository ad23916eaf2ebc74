// An interface of a device; identity is the device id plus the normalised interface name.
export interface Interface {
  id: string;
  deviceId: string;
  ifname: string;
  mac?: string | null;
  description?: string | null;
}
