// Vendor `show lldp neighbors detail` text against NAPALM's get_lldp_neighbors_detail() expected results.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LldpParseResult } from '../../../import/lldp/build-observations.js';
import { parseAristaEosLldpJson } from '../../../import/lldp/arista-eos-json.js';
import { parseCiscoIosLldp } from '../../../import/lldp/cisco-ios.js';
import { parseCiscoNxosLldp } from '../../../import/lldp/cisco-nxos.js';
import { normaliseChassisId } from '../../../import/normalise/chassis-id.js';
import { normaliseIfname } from '../../../import/normalise/ifname.js';

const NAPALM = join(process.cwd(), '..', 'shared', 'data', 'lldp', 'napalm');
const read = (...p: string[]) => readFileSync(join(NAPALM, ...p), 'utf8');

interface NapalmNeighbour {
  parent_interface: string;
  remote_chassis_id: string;
  remote_port: string;
  remote_port_description: string;
  remote_system_name: string;
  remote_system_description: string;
  remote_system_capab: string[];
  remote_system_enable_capab: string[];
}

const opts = { file: 'napalm', observedAt: '2024-01-01T00:00:00Z', hostname: 'dut' };

const CASES: [string, () => LldpParseResult][] = [
  ['ios/alternate4', () => parseCiscoIosLldp(read('ios/alternate4/show_lldp_neighbors_detail.txt'), opts)],
  // These releases print no `Local Intf`; the summary table captured beside the detail supplies the local port.
  ['ios/device_id_20chars', () => parseCiscoIosLldp(`${read('ios/device_id_20chars/show_lldp_neighbors.txt')}\n${read('ios/device_id_20chars/show_lldp_neighbors_detail.txt')}`, opts)],
  ['ios/older_ios', () => parseCiscoIosLldp(`${read('ios/older_ios/show_lldp_neighbors_detail.txt')}\n${read('ios/older_ios/show_lldp_neighbors.txt')}`, opts)],
  ['eos/issue1153', () => parseAristaEosLldpJson(read('eos/issue1153/show_lldp_neighbors__detail.json'), opts)],
  ['eos/normal', () => parseAristaEosLldpJson(read('eos/normal/show_lldp_neighbors__detail.json'), opts)],
  ['nxos/normal', () => parseCiscoNxosLldp(read('nxos/normal/show_lldp_neighbors_detail.json'), opts)],
  ['nxos_ssh/normal', () => parseCiscoNxosLldp(read('nxos_ssh/normal/show_lldp_neighbors_detail.txt'), opts)],
];

describe('NAPALM get_lldp_neighbors_detail expectations', () => {
  it.each(CASES)('%s', (name, parse) => {
    const expected = JSON.parse(read(name, 'expected_result.json')) as Record<string, NapalmNeighbour[]>;
    const result = parse();
    // NAPALM keys by the canonical local interface name; so do we after normalisation.
    const ours = new Map<string, typeof result.neighbours>();
    for (const n of result.neighbours) {
      const key = normaliseIfname(n.localIfname);
      ours.set(key, [...(ours.get(key) ?? []), n]);
    }
    expect([...ours.keys()].sort()).toEqual(Object.keys(expected).map(normaliseIfname).sort());
    for (const [ifname, list] of Object.entries(expected)) {
      const got = ours.get(normaliseIfname(ifname)) ?? [];
      expect(got).toHaveLength(list.length);
      list.forEach((e, i) => {
        const n = got[i]!;
        expect(normaliseChassisId(n.chassisId ?? '')).toBe(normaliseChassisId(e.remote_chassis_id));
        expect(n.portId ?? '').toBe(e.remote_port);
        expect(n.portDescription ?? '').toBe(e.remote_port_description);
        expect(n.systemName ?? '').toBe(e.remote_system_name);
        // NAPALM keeps the first line of a multi-line description.
        expect((n.systemDescription ?? '').split('\n')[0]).toBe(e.remote_system_description);
        // NAPALM sorts EOS's capability names; the CLI parsers keep the device's order, as NAPALM does for them.
        expect([...n.systemCapabilities].sort()).toEqual([...e.remote_system_capab].sort());
        expect([...n.enabledCapabilities].sort()).toEqual([...e.remote_system_enable_capab].sort());
      });
    }
  });
});
