// LLDP system capabilities in one vocabulary (NAPALM's words), whatever letters or names a device prints.

const BY_TOKEN: ReadonlyMap<string, string> = new Map([
  ['r', 'router'], ['router', 'router'],
  ['b', 'bridge'], ['bridge', 'bridge'],
  ['t', 'telephone'], ['telephone', 'telephone'], ['tel', 'telephone'],
  ['c', 'docsis-cable-device'], ['docsis', 'docsis-cable-device'], ['docsis cable device', 'docsis-cable-device'], ['docsiscabledevice', 'docsis-cable-device'],
  ['w', 'wlan-access-point'], ['wlan', 'wlan-access-point'], ['wlanaccesspoint', 'wlan-access-point'], ['wlan access point', 'wlan-access-point'], ['wlan-access-point', 'wlan-access-point'],
  ['p', 'repeater'], ['repeater', 'repeater'],
  ['s', 'station'], ['station', 'station'], ['station only', 'station'], ['stationonly', 'station'],
  ['o', 'other'], ['other', 'other'],
]);

/**
 * Capability words for a list such as `B,R`, `B, W, R, S`, `Bridge, Router` or lldpd's
 * `Wlan`; unknown tokens are kept lower-cased rather than dropped.
 */
export function normaliseCapabilities(text: string | readonly string[] | null | undefined): string[] {
  if (text === null || text === undefined) return [];
  // Comma lists may hold multi-word names (`WLAN Access Point`); Junos separates words by spaces.
  const tokens = typeof text !== 'string' ? [...text] : text.includes(',') ? text.split(',') : text.split(/\s+/);
  const out: string[] = [];
  for (const raw of tokens) {
    const t = raw.trim().toLowerCase();
    if (t === '' || t === '-' || t === 'not advertised') continue;
    const word = BY_TOKEN.get(t) ?? t;
    if (!out.includes(word)) out.push(word);
  }
  return out;
}
