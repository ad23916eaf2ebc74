// A BGP session between a local speaker and a peer, as seen by a collector or router.
export interface BgpSession {
  id: string;
  localDeviceId?: string | null;
  peerAddress: string;
  peerAsn: number;
  localAsn?: number | null;
  state?: string | null;
}

export interface AutonomousSystem {
  asn: number;
  name?: string | null;
}
