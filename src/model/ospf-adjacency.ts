// A directed OSPF adjacency: `from` reaches `to` at `cost` inside `area`.
export interface OspfAdjacency {
  id: string;
  fromDeviceId: string;
  toDeviceId: string;
  cost: number;
  area: string;
  /** Point-to-point, transit (via a network LSA) or virtual. */
  linkType: 'point-to-point' | 'transit' | 'virtual';
  lsaSequence?: string | null;
  lsaAge?: number | null;
}
