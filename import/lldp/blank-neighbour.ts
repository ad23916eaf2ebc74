// An empty neighbour entry that the text parsers fill in field by field as lines arrive.
import type { LldpNeighbour } from '../../src/model/lldp-neighbour.js';

export function blankNeighbour(localIfname: string, line: number): LldpNeighbour {
  return {
    localIfname,
    chassisId: null,
    portId: null,
    portDescription: null,
    systemName: null,
    systemDescription: null,
    systemCapabilities: [],
    enabledCapabilities: [],
    managementAddresses: [],
    vlanId: null,
    ttl: null,
    line,
  };
}
