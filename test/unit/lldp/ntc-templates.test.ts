// Vendor `show lldp neighbors [detail]` text against ntc-templates' TextFSM expectations, field by field.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { LldpNeighbour } from '../../../src/model/lldp-neighbour.js';
import { normaliseCapabilities } from '../../../import/lldp/capabilities.js';
import type { LldpParseOptions, LldpParseResult } from '../../../import/lldp/build-observations.js';
import { parseAristaEosLldp } from '../../../import/lldp/arista-eos.js';
import { parseCiscoIosLldp } from '../../../import/lldp/cisco-ios.js';
import { parseCiscoNxosLldp } from '../../../import/lldp/cisco-nxos.js';
import { parseJunosLldp } from '../../../import/lldp/junos.js';

const NTC = join(process.cwd(), '..', 'shared', 'data', 'lldp', 'ntc-templates');

type Row = Record<string, string>;
type Parser = (text: string, opts: LldpParseOptions) => LldpParseResult;

interface Platform {
  dir: string;
  parse: Parser;
  /** Our neighbour in ntc-templates' field names (only the fields the template has). */
  expect(n: LldpNeighbour, row: Row): void;
}

const firstLine = (s: string | null) => (s ?? '').split('\n')[0]!.trim();
const orEmpty = (s: string | null | undefined) => s ?? '';

const PLATFORMS: Platform[] = [
  {
    dir: 'cisco_ios/show_lldp_neighbors_detail',
    parse: parseCiscoIosLldp,
    expect(n, row) {
      expect(n.localIfname).toBe(row.local_interface);
      expect(orEmpty(n.chassisId)).toBe(row.chassis_id);
      expect(orEmpty(n.portId)).toBe(row.neighbor_port_id);
      expect(orEmpty(n.portDescription)).toBe(row.neighbor_interface);
      expect(orEmpty(n.systemName)).toBe(row.neighbor_name);
      expect(firstLine(n.systemDescription)).toBe(row.neighbor_description);
      expect(n.enabledCapabilities).toEqual(normaliseCapabilities(row.capabilities));
      expect(n.managementAddresses[0] ?? '').toBe(row.mgmt_address);
      expect(n.vlanId === null || n.vlanId === undefined ? '' : String(n.vlanId)).toBe(row.vlan_id);
    },
  },
  {
    dir: 'cisco_nxos/show_lldp_neighbors_detail',
    parse: parseCiscoNxosLldp,
    expect(n, row) {
      expect(n.localIfname).toBe(row.local_interface);
      expect(orEmpty(n.chassisId)).toBe(row.chassis_id);
      // NX-OS's template calls the port id the neighbour interface.
      expect(orEmpty(n.portId)).toBe(row.neighbor_interface);
      expect(orEmpty(n.systemName)).toBe(row.neighbor_name);
      expect(firstLine(n.systemDescription)).toBe(row.neighbor_description);
      expect(n.enabledCapabilities).toEqual(normaliseCapabilities(row.capabilities));
      expect(n.managementAddresses[0] ?? '').toBe(row.mgmt_address);
      expect(n.vlanId === null || n.vlanId === undefined ? '' : String(n.vlanId)).toBe(row.vlan_id);
    },
  },
  {
    dir: 'arista_eos/show_lldp_neighbors_detail',
    parse: parseAristaEosLldp,
    expect(n, row) {
      expect(n.localIfname).toBe(row.local_interface);
      expect(orEmpty(n.chassisId)).toBe(row.chassis_id);
      expect(orEmpty(n.portId)).toBe(row.neighbor_interface);
      expect(orEmpty(n.systemName)).toBe(row.neighbor_name);
      expect(orEmpty(n.systemDescription)).toBe(row.neighbor_description);
      // The template keeps the last address when a neighbour advertises several.
      expect(n.managementAddresses.at(-1) ?? '').toBe(row.mgmt_address);
    },
  },
  {
    dir: 'juniper_junos/show_lldp_neighbors',
    parse: parseJunosLldp,
    expect(n, row) {
      expect(n.localIfname).toBe(row.local_interface);
      expect(n.parentIfname ?? '-').toBe(row.parent_interface);
      expect(orEmpty(n.chassisId)).toBe(row.chassis_id);
      expect(orEmpty(n.portId)).toBe(row.neighbor_interface);
      expect(orEmpty(n.systemName)).toBe(row.neighbor_name);
    },
  },
];

for (const p of PLATFORMS) {
  const dir = join(NTC, p.dir);
  const cases = readdirSync(dir).filter((f) => f.endsWith('.raw'));
  describe(`ntc-templates ${p.dir}`, () => {
    it.each(cases)('%s', (raw) => {
      const text = readFileSync(join(dir, raw), 'utf8');
      const rows = (load(readFileSync(join(dir, raw.replace(/\.raw$/, '.yml')), 'utf8')) as { parsed_sample: Row[] }).parsed_sample;
      const result = p.parse(text, { file: raw, observedAt: '2024-01-01T00:00:00Z', hostname: 'dut' });
      expect(result.neighbours).toHaveLength(rows.length);
      rows.forEach((row, i) => p.expect(result.neighbours[i]!, row));
    });
  });
}
