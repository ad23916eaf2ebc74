// Tells the FRR OSPF JSON outputs apart from their first bytes.

export type OspfFormatName = 'frr-ospf-router-json' | 'frr-ospf-network-json' | 'frr-ospf-neighbor-json' | 'frr-ospf-database-json';

/**
 * The format of an FRR OSPF JSON output, from its first bytes (a few KiB are plenty; the text
 * may be cut anywhere). `frr-ospf-database-json` is the LSDB summary (`show ip ospf database json`).
 */
export function detectOspfFormat(head: string): OspfFormatName | null {
  const t = head.replace(/^\uFEFF/, '').trimStart();
  if (!t.startsWith('{')) return null;
  if (/^\{\s*"neighbors"\s*:/.test(t)) return 'frr-ospf-neighbor-json';
  // The summary nests LSA types inside each area; the detailed outputs put the type first.
  if (/^\{\s*"routerId"\s*:\s*"[^"]*"\s*,\s*"areas"\s*:/.test(t)) return 'frr-ospf-database-json';
  if (/"(routerLinkStates|Router Link States)"\s*:/.test(t)) return 'frr-ospf-router-json';
  if (/"(networkLinkStates|Net Link States)"\s*:/.test(t)) return 'frr-ospf-network-json';
  return null;
}
