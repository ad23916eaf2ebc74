// lldpd's JSON, json0 and keyvalue renderings: agree with lldpcli's own text output and with each other; lab files merge into the lab's cables.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLldpctlJson } from '../../../import/lldp/lldpcli-json.js';
import { parseLldpctlKeyvalue } from '../../../import/lldp/lldpcli-keyvalue.js';
import { mergeLldpObservations } from '../../../import/lldp/merge-observations.js';
import type { LldpNeighbour } from '../../../src/model/lldp-neighbour.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'lldp');
const read = (...p: string[]) => readFileSync(join(FIX, ...p), 'utf8');
const opts = (file: string, hostname = 'dut') => ({ file, observedAt: '2024-01-01T00:00:00Z', hostname });
const withoutLines = (ns: LldpNeighbour[]) => ns.map(({ line: _line, ...n }) => n);

/** The fields lldpcli's human-readable `show neighbors details` prints, read with plain regexes as an oracle. */
function fromLldpcliText(text: string) {
  return text
    .split(/^-{20,}$/m)
    .filter((b) => /Interface:/.test(b))
    .map((b) => ({
      localIfname: /Interface:\s+([^,]+),/.exec(b)![1],
      chassisId: /ChassisID:\s+\S+\s+(\S+)/.exec(b)![1],
      systemName: /SysName:\s+(.+)/.exec(b)?.[1]?.trim() ?? null,
      portIdType: /PortID:\s+(\S+)/.exec(b)![1],
      portId: /PortID:\s+\S+\s+(.+)/.exec(b)![1]!.trim(),
      portDescription: /PortDescr:\s+(.+)/.exec(b)?.[1]?.trim() ?? null,
      ttl: Number(/TTL:\s+(\d+)/.exec(b)![1]),
      managementAddresses: [...b.matchAll(/MgmtIP:\s+(\S+)/g)].map((m) => m[1]),
      enabledCapabilities: [...b.matchAll(/Capability:\s+(\w+), on/g)].map((m) => m[1]!.toLowerCase()),
    }));
}

describe('lldpcli -f json / json0 / keyvalue (frames captured by lldpd)', () => {
  const json = parseLldpctlJson(read('lldpcli-json', 'lldpd-frames.json'), opts('lldpd-frames.json'));
  const json0 = parseLldpctlJson(read('lldpcli-json', 'lldpd-frames.json0'), opts('lldpd-frames.json0'));
  const kv = parseLldpctlKeyvalue(read('lldpcli-keyvalue', 'lldpd-frames.keyvalue'), opts('lldpd-frames.keyvalue'));

  it('reads every neighbour lldpcli prints, field by field', () => {
    const oracle = fromLldpcliText(read('lldpcli-text', 'lldpd-frames.txt'));
    expect(oracle).toHaveLength(4);
    expect(json.neighbours).toHaveLength(oracle.length);
    oracle.forEach((o, i) => {
      const n = json.neighbours[i]!;
      expect(n.localIfname).toBe(o.localIfname);
      expect(n.chassisId).toBe(o.chassisId);
      expect(n.systemName).toBe(o.systemName);
      expect(n.portIdType).toBe(o.portIdType);
      expect(n.portId).toBe(o.portId);
      expect(n.portDescription).toBe(o.portDescription);
      expect(n.ttl).toBe(o.ttl);
      expect(n.managementAddresses).toEqual(o.managementAddresses);
      expect(n.enabledCapabilities).toEqual(o.enabledCapabilities.map((c) => (c === 'wlan' ? 'wlan-access-point' : c)));
    });
  });

  it('json0 and json agree', () => {
    expect(json0.neighbours).toEqual(json.neighbours);
  });

  it('keyvalue agrees with json (keyvalue flattens newlines in descriptions to spaces)', () => {
    const flat = json.neighbours.map((n) => ({ ...n, systemDescription: n.systemDescription?.replace(/\n/g, ' ') ?? null }));
    expect(withoutLines(kv.neighbours)).toEqual(flat);
  });

  it('names remote ports by ifname, else a description that reads like one, else the id sent', () => {
    const byLocal = new Map(json.links.map((l) => [l.aDeviceId === json.localDeviceId ? l.aIfname : l.bIfname, l]));
    const far = (local: string) => {
      const l = byLocal.get(local)!;
      return l.aDeviceId === json.localDeviceId ? l.bIfname : l.aIfname;
    };
    expect(far('swp1')).toBe('g1');
    expect(far('swp2')).toBe('50:6b:4b:f6:1e:b1'); // ConnectX NIC: MAC port id, description is prose
    expect(far('swp3')).toBe('GigabitEthernet1/0/2');
    expect(far('swp4')).toBe('eth0');
    expect(json.devices.map((d) => d.id)).toContain('chassis:c0:64:e4:a9:9b:80');
    expect(json.devices.find((d) => d.id === 'chassis:c0:64:e4:a9:9b:80')?.hostname).toBe('cisco-bt-switch');
  });

  it('matches the expected normalised observations', () => {
    const expected = JSON.parse(read('lldpcli-json', 'lldpd-frames.expected.json'));
    const { neighbours: _n, ...observations } = json;
    expect(JSON.parse(JSON.stringify(observations))).toEqual(expected);
  });
});

describe('lldpd in a four-router FRR lab (test/fixtures/ospf/frr-json/lab/README.md)', () => {
  const routers = ['r1', 'r2', 'r3', 'r4'];
  // Cables of the lab: r1-r2, r2-r3, r1-r4 (veth pairs named <self>-<peer>); the LAN bridge does not forward LLDP.
  const cables = [['r1', 'r2'], ['r2', 'r3'], ['r1', 'r4']];

  it.each([
    ['json', (r: string) => parseLldpctlJson(read('lldpcli-json', `lab-${r}.json`), opts(`lab-${r}.json`, r))],
    ['keyvalue', (r: string) => parseLldpctlKeyvalue(read('lldpcli-keyvalue', `lab-${r}.keyvalue`), opts(`lab-${r}.keyvalue`, r))],
  ])('%s: both ends of every cable merge into one link', (_fmt, parse) => {
    const parts = routers.map(parse);
    // lldpd on veth pairs takes a port MAC as chassis id, and it changed while the lab ran: join by name.
    const merged = mergeLldpObservations(parts, { byHostname: true });
    const name = new Map(merged.devices.map((d) => [d.id, d.hostname]));
    const got = merged.links.map((l) => [`${name.get(l.aDeviceId)}:${l.aIfname}`, `${name.get(l.bDeviceId)}:${l.bIfname}`].sort().join(' ~ ')).sort();
    const want = cables.map(([a, b]) => [`${a}:${a}-${b}`, `${b}:${b}-${a}`].sort().join(' ~ ')).sort();
    expect(got).toEqual(want);
    expect(merged.devices.map((d) => d.hostname).sort()).toEqual(routers);
  });

  it('a file that names its router only by hostname joins that router\'s chassis id without byHostname', () => {
    const r3 = parseLldpctlJson(read('lldpcli-json', 'lab-r3.json'), opts('lab-r3.json', 'r3'));
    const r2 = parseLldpctlJson(read('lldpcli-json', 'lab-r2.json'), opts('lab-r2.json', 'r2'));
    expect(r2.localDeviceId).toBe('host:r2');
    const merged = mergeLldpObservations([r2, r3]);
    // r2's file says r3 is chassis d2:…; r3's own file names itself `host:r3`: one device after merging.
    expect(merged.devices.filter((d) => d.hostname === 'r3')).toHaveLength(1);
    expect(merged.renamed.get('host:r3')).toMatch(/^chassis:/);
    expect(merged.links.filter((l) => [l.aIfname, l.bIfname].includes('r3-r2'))).toHaveLength(1);
  });

  it('single neighbour (object, not array) and no neighbour at all', () => {
    const one = parseLldpctlJson(read('lldpcli-json', 'lab-r3.json'), opts('lab-r3.json', 'r3'));
    expect(one.neighbours).toHaveLength(1);
    expect(one.neighbours[0]!.systemName).toBe('r2');
    const none = parseLldpctlJson(read('lldpcli-json', 'lab-r4-after-failure.json'), opts('x', 'r4'));
    expect(none.neighbours).toEqual([]);
    expect(none.devices).toEqual([{ id: 'host:r4', hostname: 'r4', chassisId: null }]);
    expect(parseLldpctlKeyvalue('', opts('empty', 'r4')).links).toEqual([]);
  });
});
