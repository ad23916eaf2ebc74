// FRR JSON layouts across releases, the lab's neighbour tables, bad input and format detection.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectOspfFormat } from '../../../import/ospf/detect.js';
import { parseFrrOspfDatabase } from '../../../import/ospf/frr-json.js';
import { parseFrrOspfNeighbors } from '../../../import/ospf/frr-neighbor-json.js';
import { ParseError } from '../../../src/errors.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'ospf', 'frr-json');
const read = (...p: string[]) => readFileSync(join(FIX, ...p), 'utf8');
const opts = { observedAt: '2024-01-01T00:00:00Z' };
const adjacencies = (files: string[]) =>
  parseFrrOspfDatabase(files.map((f) => ({ file: f, text: read(f) })), opts).adjacencies.map((a) => `${a.id} ${a.cost} ${a.linkType} ${a.lsaSequence}`).sort();

describe('FRR JSON layouts', () => {
  const modern = adjacencies(['lab/before/r2.router.json', 'lab/before/r2.network.json']);
  it('FRR 7.x "Router Link States" / "Net Link States" keyed objects give the same adjacencies', () => {
    expect(adjacencies(['legacy-shape/r2.router-network.json'])).toEqual(modern);
  });
  it('routerLinks and attachedRouters as arrays give the same adjacencies', () => {
    expect(adjacencies(['legacy-shape/r2.router-arrays.json', 'legacy-shape/r2.network-arrays.json'])).toEqual(modern);
  });
  it('a VRF wrapper (`… vrf all … json`) is unwrapped', () => {
    const wrapped = JSON.stringify({ default: JSON.parse(read('legacy-shape/r2.router-network.json')) });
    expect(parseFrrOspfDatabase(wrapped, { ...opts, file: 'vrf.json' }).adjacencies).toHaveLength(12);
  });
});

describe('lab `show ip ospf neighbor json` (FRR 8.4)', () => {
  it('r2 sees r1 and r3 on point-to-point links and r3 (BDR), r4 (DR) on the LAN', () => {
    const r = parseFrrOspfNeighbors(read('lab/before/r2.neighbor.json'), { file: 'r2', observedAt: 'x', routerId: '192.0.2.2' });
    expect(r.neighbours.map((n) => [n.neighbourRouterId, n.ifname, n.localAddress, n.address, n.state, n.role]).sort()).toEqual(
      [
        ['192.0.2.1', 'r2-r1', '198.18.0.1', '198.18.0.0', 'Full', null],
        ['192.0.2.3', 'r2-lan', '198.18.1.2', '198.18.1.3', 'Full', 'Backup'],
        ['192.0.2.3', 'r2-r3', '198.18.0.2', '198.18.0.3', 'Full', null],
        ['192.0.2.4', 'r2-lan', '198.18.1.2', '198.18.1.4', 'Full', 'DR'],
      ].sort(),
    );
    expect(r.neighbours.every((n) => n.localRouterId === '192.0.2.2' && n.priority === 1 && typeof n.upTimeMs === 'number')).toBe(true);
    expect(r.devices.map((d) => d.id)).toEqual(['router:192.0.2.2', 'router:192.0.2.3', 'router:192.0.2.4', 'router:192.0.2.1']);
  });
  it('after the failure, r4 no longer lists r1', () => {
    const r = parseFrrOspfNeighbors(read('lab/after/r4.neighbor.json'), { file: 'r4', observedAt: 'x' });
    expect(r.neighbours.map((n) => n.neighbourRouterId).sort()).toEqual(['192.0.2.2', '192.0.2.3']);
  });
});

describe('bad input', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      return err instanceof ParseError ? { code: err.code, location: err.location } : { code: 'other' };
    }
    return null;
  };
  it('truncated JSON throws TOPO_PARSE with the file and line', () => {
    const text = read('lab/before/r2.router.json');
    const cut = text.slice(0, 700);
    expect(code(() => parseFrrOspfDatabase(cut, { ...opts, file: 'cut.json' }))).toMatchObject({ code: 'TOPO_PARSE', location: { file: 'cut.json', line: 1 } });
    expect(code(() => parseFrrOspfNeighbors('{"neighbors":', { file: 'n.json', observedAt: 'x' }))).toMatchObject({ code: 'TOPO_PARSE' });
  });
  it('JSON that is not an LSDB throws TOPO_PARSE', () => {
    expect(code(() => parseFrrOspfDatabase('{"vrfName":"default"}', { ...opts, file: 'x.json' }))).toMatchObject({ code: 'TOPO_PARSE' });
    expect(code(() => parseFrrOspfDatabase('[1,2]', { ...opts, file: 'x.json' }))).toMatchObject({ code: 'TOPO_PARSE' });
    expect(code(() => parseFrrOspfNeighbors('{"routerId":"1.1.1.1"}', { file: 'n.json', observedAt: 'x' }))).toMatchObject({ code: 'TOPO_PARSE' });
  });
  it('odd records become warnings with their JSON path', () => {
    const doc = {
      routerLinkStates: {
        areas: {
          '0.0.0.0': [
            { linkStateId: '1.1.1.1', advertisingRouter: '1.1.1.1', lsaSeqNumber: '80000001', routerLinks: { link0: { linkType: 'another Router (point-to-point)', neighborRouterId: '2.2.2.2', tos0Metric: 'ten' } } },
            { advertisingRouter: '3.3.3.3' },
            'junk',
          ],
        },
      },
    };
    const r = parseFrrOspfDatabase(JSON.stringify(doc), { ...opts, file: 'odd.json' });
    expect(r.adjacencies).toEqual([]);
    expect(r.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^at \$\.routerLinkStates\.areas\["0\.0\.0\.0"\]\[0\]\.routerLinks\.link0: unreadable router link/),
      expect.stringMatching(/^at \$\.routerLinkStates\.areas\["0\.0\.0\.0"\]\[1\]: router-LSA without linkStateId/),
      expect.stringMatching(/^at \$\.routerLinkStates\.areas\["0\.0\.0\.0"\]\[2\]: LSA is not an object/),
    ]);
    expect(r.warnings.every((w) => w.file === 'odd.json')).toBe(true);
  });
  it('one-way point-to-point links are kept and reported', () => {
    const doc = { routerLinkStates: { areas: { '0.0.0.0': [{ linkStateId: '1.1.1.1', advertisingRouter: '1.1.1.1', lsaSeqNumber: '80000001', routerLinks: { link0: { linkType: 'another Router (point-to-point)', neighborRouterId: '2.2.2.2', routerInterfaceAddress: '10.0.0.1', tos0Metric: 10 } } }] } } };
    const r = parseFrrOspfDatabase(JSON.stringify(doc), { ...opts, file: 'oneway.json' });
    expect(r.adjacencies.map((a) => a.id)).toEqual(['ospf:0.0.0.0:1.1.1.1>2.2.2.2']);
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/does not list it back/)]);
  });
});

describe('detectOspfFormat', () => {
  it.each([
    ['lab/before/r2.router.json', 'frr-ospf-router-json'],
    ['lab/before/r2.network.json', 'frr-ospf-network-json'],
    ['lab/before/r2.neighbor.json', 'frr-ospf-neighbor-json'],
    ['lab/before/r2.database.json', 'frr-ospf-database-json'],
    ['legacy-shape/r2.router-network.json', 'frr-ospf-router-json'],
  ])('%s → %s', (file, format) => {
    expect(detectOspfFormat(read(file).slice(0, 200))).toBe(format);
  });
  it('other text is not OSPF', () => {
    expect(detectOspfFormat('{"lldp": {}}')).toBeNull();
    expect(detectOspfFormat('Chassis id: 0011.2233.4455')).toBeNull();
  });
});
