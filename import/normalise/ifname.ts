// Interface-name normalisation, so that `Gi0/1` from one device and `GigabitEthernet0/1` from another name the same port.

/** Canonical long names, keyed by every lower-case abbreviation vendors print. */
const CANONICAL: ReadonlyMap<string, string> = new Map(
  (
    [
      ['GigabitEthernet', ['gi', 'gig', 'gige', 'ge', 'gigabitethernet']],
      ['FastEthernet', ['fa', 'fas', 'fastethernet']],
      ['TenGigabitEthernet', ['te', 'ten', 'tengig', 'tengige', 'tengigabitethernet']],
      ['TwoGigabitEthernet', ['tw', 'two', 'twogige', 'twogigabitethernet']],
      ['FiveGigabitEthernet', ['fi', 'fivegige', 'fivegigabitethernet']],
      ['TwentyFiveGigE', ['twe', 'twentyfivegige', 'twentyfivegigabitethernet']],
      ['FortyGigabitEthernet', ['fo', 'for', 'fortygige', 'fortygigabitethernet']],
      ['FiftyGigE', ['fif', 'fiftygige', 'fiftygigabitethernet']],
      ['HundredGigE', ['hu', 'hundredgige', 'hundredgigabitethernet']],
      ['FourHundredGigE', ['fh', 'fourhundredgige', 'fourhundredgigabitethernet']],
      ['Ethernet', ['e', 'et', 'eth', 'ethernet']],
      ['Port-channel', ['po', 'port-channel', 'portchannel']],
      ['Bundle-Ether', ['be', 'bundle-ether']],
      ['Loopback', ['lo', 'loopback']],
      ['Vlan', ['vl', 'vlan']],
      ['Tunnel', ['tu', 'tunnel']],
      ['Serial', ['se', 'serial']],
      ['Management', ['ma', 'mgmt', 'management']],
      ['MgmtEth', ['mgmteth']],
    ] as const
  ).flatMap(([canonical, aliases]) => aliases.map((a) => [a, canonical] as const)),
);

// Junos names are already canonical (`ge-0/0/1`); LLDP runs on the physical port, so a logical
// unit (`ge-0/0/0.0`, printed as a port description by some Junos releases) names the same port.
const JUNOS_PHYSICAL = /^(ge|xe|et|fe|mge|ce|fte)-\d+\/\d+\/\d+(:\d+)?$/;

/**
 * Canonical form of an interface name: Cisco/Arista/NX-OS abbreviations expanded to the long
 * name, Junos logical units stripped, whitespace between type and number removed.
 * Names that look like host interfaces (`eth0`, `swp1`, `r1-r2`) are left as they are: an
 * abbreviation is only expanded when it is capitalised or followed by a slot/port number.
 */
export function normaliseIfname(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') return trimmed;
  const junos = /^([a-z]+-\d+\/\d+\/\d+(?::\d+)?)\.\d+$/.exec(trimmed);
  if (junos && JUNOS_PHYSICAL.test(junos[1]!)) return junos[1]!;
  const m = /^([A-Za-z][A-Za-z-]*?)\s*(\d[\d/.:]*)$/.exec(trimmed);
  if (!m) return trimmed;
  const [, type, number] = m as unknown as [string, string, string];
  if (/^[a-z]+-$/.test(type)) return trimmed; // Junos-style `ge-`: canonical already
  const canonical = CANONICAL.get(type.toLowerCase());
  if (!canonical) return trimmed;
  const capitalised = type[0] === type[0]!.toUpperCase();
  // NX-OS prints its management port as `mgmt0`; no host OS names an interface that way.
  if (!capitalised && !number.includes('/') && type !== 'mgmt') return trimmed;
  return canonical + number;
}
