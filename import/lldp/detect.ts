// Tells the LLDP outputs (and, through the OSPF detector, the FRR OSPF outputs) apart from their first bytes.
import { detectOspfFormat, type OspfFormatName } from '../ospf/detect.js';

export type LldpFormatName = 'lldpcli-json' | 'lldpcli-keyvalue' | 'cisco-ios-lldp' | 'cisco-nxos-lldp' | 'arista-eos-lldp' | 'arista-eos-lldp-json' | 'junos-lldp';

export function detectLldpFormat(head: string): LldpFormatName | null {
  const t = head.replace(/^\uFEFF/, '');
  if (/^\s*\{\s*"(lldp|local-chassis)"\s*:/.test(t)) return 'lldpcli-json';
  if (/^\s*lldp\.[^\s=]+=/.test(t)) return 'lldpcli-keyvalue';
  if (/^\s*\{\s*"lldpNeighbors"\s*:/.test(t)) return 'arista-eos-lldp-json';
  if (/^\s*Interface\s+\S+\s+detected\s+\d+\s+LLDP neighbors?/m.test(t)) return 'arista-eos-lldp';
  if (/^Local Interface\s+Parent Interface\s+Chassis Id/m.test(t) || (/^\s*Local Interface\s*:/m.test(t) && /Chassis (type|ID)\s*:/i.test(t))) return 'junos-lldp';
  if (/^Local Port id:/m.test(t)) return 'cisco-nxos-lldp';
  if (/^Local Intf:/m.test(t) || /^Chassis id:/m.test(t)) return 'cisco-ios-lldp';
  return null;
}

/** One detector for every format of the LLDP and OSPF importers; null when none matches. */
export function detectLldpOspfFormat(firstBytes: string): LldpFormatName | OspfFormatName | null {
  return detectLldpFormat(firstBytes) ?? detectOspfFormat(firstBytes);
}
