// FRR 8.4 LSDB JSON from a four-router lab: adjacencies, stubs and change events against the lab's configuration.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrrOspfDatabase } from '../../../import/ospf/frr-json.js';
import { readFrrOspfLsdb } from '../../../import/ospf/frr-lsdb-json.js';
import { diffOspfDatabases } from '../../../import/ospf/lsdb-diff.js';
import type { OspfObservations, OspfRouterLink } from '../../../src/model/ospf-lsdb.js';

const LAB = join(process.cwd(), 'test', 'fixtures', 'ospf', 'frr-json', 'lab');
const read = (...p: string[]) => readFileSync(join(LAB, ...p), 'utf8');
const parse = (phase: string, r = 'r2'): OspfObservations =>
  parseFrrOspfDatabase(
    [
      { file: `${phase}/${r}.router.json`, text: read(phase, `${r}.router.json`) },
      { file: `${phase}/${r}.network.json`, text: read(phase, `${r}.network.json`) },
    ],
    { observedAt: '2026-11-25T22:40:00Z', hostnames: { '192.0.2.1': 'r1', '192.0.2.2': 'r2', '192.0.2.3': 'r3', '192.0.2.4': 'r4' } },
  );
const rid = (r: string) => `192.0.2.${r.slice(1)}`;

/** The lab's configuration (README.md), written out by hand: the ground truth. */
const BEFORE: [string, string, number, string][] = [
  ['r1', 'r2', 10, 'point-to-point'], ['r2', 'r1', 10, 'point-to-point'],
  ['r2', 'r3', 20, 'point-to-point'], ['r3', 'r2', 30, 'point-to-point'],
  ['r1', 'r4', 10, 'point-to-point'], ['r4', 'r1', 10, 'point-to-point'],
  ['r2', 'r3', 5, 'transit'], ['r2', 'r4', 5, 'transit'],
  ['r3', 'r2', 7, 'transit'], ['r3', 'r4', 7, 'transit'],
  ['r4', 'r2', 9, 'transit'], ['r4', 'r3', 9, 'transit'],
];
const AFTER = BEFORE.filter(([a, b]) => !(a === 'r1' && b === 'r4') && !(a === 'r4' && b === 'r1')).map(
  ([a, b, c, t]): [string, string, number, string] => [a, b, a === 'r2' && b === 'r3' && t === 'point-to-point' ? 25 : c, t],
);
const summary = (o: OspfObservations) => o.adjacencies.map((a) => `${a.fromRouterId}>${a.toRouterId} ${a.cost} ${a.linkType} ${a.area}`).sort();
const truth = (rows: [string, string, number, string][]) => rows.map(([a, b, c, t]) => `${rid(a)}>${rid(b)} ${c} ${t} 0.0.0.0`).sort();

/** Router LSAs as `show ip ospf database router` prints them in text: an oracle for the JSON reader. */
function routerLsasFromText(text: string) {
  return text.split(/\n(?=  LS age:)/).filter((b) => /LS Type: router-LSA/.test(b)).map((b) => ({
    advertisingRouter: /Advertising Router: (\S+)/.exec(b)![1],
    sequence: /LS Seq Number: (\S+)/.exec(b)![1],
    links: b.split(/\n(?=    Link connected to:)/).slice(1).map((l): OspfRouterLink => {
      const kind = /Link connected to: (.+)/.exec(l)![1]!;
      return {
        type: /point-to-point/.test(kind) ? 'point-to-point' : /Transit/.test(kind) ? 'transit' : /Stub/.test(kind) ? 'stub' : 'virtual',
        linkId: /\(Link ID\) [^:]+: (\S+)/.exec(l)![1]!,
        linkData: /\(Link Data\) [^:]+: (\S+)/.exec(l)![1]!,
        cost: Number(/TOS 0 Metric: (\d+)/.exec(l)![1]),
      };
    }),
  }));
}

describe('FRR 8.4 lab LSDB', () => {
  it.each(['before', 'after'])('%s: router-LSA JSON agrees with the text rendering, link by link', (phase) => {
    const { lsdb, warnings } = readFrrOspfLsdb(read(phase, 'r2.router.json'), { file: 'r2.router.json' });
    expect(warnings).toEqual([]);
    const text = routerLsasFromText(read(phase, 'r2.router.txt'));
    expect(lsdb.routerLsas.map(({ advertisingRouter, sequence, links }) => ({ advertisingRouter, sequence, links }))).toEqual(text);
  });

  it('directed adjacencies and costs are those the lab was configured with', () => {
    const before = parse('before');
    expect(summary(before)).toEqual(truth(BEFORE));
    expect(before.warnings).toEqual([]);
    expect(summary(parse('after'))).toEqual(truth(AFTER));
  });

  it('every router prints the same area database: r4 (the DR) gives r2\'s adjacencies', () => {
    const ids = (o: OspfObservations) => o.adjacencies.map((a) => `${a.id} ${a.cost} ${a.lsaSequence}`).sort();
    expect(ids(parse('before', 'r4'))).toEqual(ids(parse('before', 'r2')));
    expect(ids(parse('after', 'r4'))).toEqual(ids(parse('after', 'r2')));
  });

  it('transit adjacencies name their network; parallel r2→r3 adjacencies get ordinals by link type', () => {
    const before = parse('before');
    const r2r3 = before.adjacencies.filter((a) => a.fromRouterId === '192.0.2.2' && a.toRouterId === '192.0.2.3');
    expect(r2r3.map((a) => [a.id, a.linkType, a.cost, a.interfaceAddress, a.transitNetwork])).toEqual([
      ['ospf:0.0.0.0:192.0.2.2>192.0.2.3', 'point-to-point', 20, '198.18.0.2', null],
      ['ospf:0.0.0.0:192.0.2.2>192.0.2.3#1', 'transit', 5, '198.18.1.2', '198.18.1.4/24'],
    ]);
    expect(r2r3[0]!.lsaSequence).toBe('8000000b');
    expect(before.devices.find((d) => d.routerId === '192.0.2.4')).toEqual({ id: 'router:192.0.2.4', hostname: 'r4', routerId: '192.0.2.4' });
  });

  it('stub networks become prefixes with the advertising router and cost', () => {
    const before = parse('before');
    const stubs = before.stubNetworks.map((s) => `${s.routerId} ${s.prefix} ${s.cost}`).sort();
    expect(stubs).toEqual(
      [
        '192.0.2.1 192.0.2.1/32 0', '192.0.2.2 192.0.2.2/32 0', '192.0.2.3 192.0.2.3/32 0', '192.0.2.4 192.0.2.4/32 0',
        '192.0.2.1 203.0.1.0/24 10', '192.0.2.2 203.0.2.0/24 10', '192.0.2.3 203.0.3.0/24 10', '192.0.2.4 203.0.4.0/24 10',
        '192.0.2.1 198.18.0.0/31 10', '192.0.2.2 198.18.0.0/31 10', '192.0.2.2 198.18.0.2/31 20', '192.0.2.3 198.18.0.2/31 30',
        '192.0.2.1 198.18.0.4/31 10', '192.0.2.4 198.18.0.4/31 10',
      ].sort(),
    );
    expect(before.prefixes.map((p) => p.prefix)).toContain('198.18.1.0/24');
    expect(new Set(before.prefixes.map((p) => p.prefix)).size).toBe(before.prefixes.length);
  });

  it('the LSDB summary (`show ip ospf database json`) carries the same sequence numbers', () => {
    for (const phase of ['before', 'after']) {
      const headers = readFrrOspfLsdb(read(phase, 'r2.database.json'), { file: 'db' }).lsdb;
      const detail = parse(phase).lsdb;
      const seqs = (l: { advertisingRouter: string; sequence: string | null }[]) => l.map((x) => `${x.advertisingRouter} ${x.sequence}`).sort();
      expect(headers.routerLsas.every((l) => !l.detailed)).toBe(true);
      expect(seqs(headers.routerLsas)).toEqual(seqs(detail.routerLsas));
      expect(seqs(headers.networkLsas)).toEqual(seqs(detail.networkLsas));
    }
  });

  it('router LSAs without the network output: transit links are reported, not guessed', () => {
    const only = parseFrrOspfDatabase({ file: 'r2.router.json', text: read('before', 'r2.router.json') }, { observedAt: 'x' });
    expect(only.source.format).toBe('frr-ospf-router-json');
    expect(only.adjacencies.filter((a) => a.linkType === 'transit')).toEqual([]);
    expect(only.adjacencies).toHaveLength(6);
    expect(only.warnings.filter((w) => /no network-LSA/.test(w.message))).toHaveLength(3);
  });

  it('diff before → after: the cost change, the failed link, and the stubs that went with it', () => {
    const events = diffOspfDatabases(parse('before'), parse('after'));
    const brief = events.map((e) => {
      switch (e.kind) {
        case 'cost-change': return `${e.kind} ${e.adjacencyId} ${e.oldCost}->${e.newCost}`;
        case 'adjacency-up':
        case 'adjacency-down': return `${e.kind} ${e.adjacencyId} ${e.cost}`;
        case 'stub-cost-change': return `${e.kind} ${e.routerId} ${e.prefix} ${e.oldCost}->${e.newCost}`;
        case 'stale-lsa': return `${e.kind} ${e.advertisingRouter}`;
        default: return `${e.kind} ${e.routerId} ${e.prefix} ${e.cost}`;
      }
    });
    expect(brief).toEqual([
      'adjacency-down ospf:0.0.0.0:192.0.2.1>192.0.2.4 10',
      'adjacency-down ospf:0.0.0.0:192.0.2.4>192.0.2.1 10',
      'cost-change ospf:0.0.0.0:192.0.2.2>192.0.2.3 20->25',
      'stub-cost-change 192.0.2.2 198.18.0.2/31 20->25',
      'stub-down 192.0.2.1 198.18.0.4/31 10',
      'stub-down 192.0.2.4 198.18.0.4/31 10',
    ]);
    const change = events.find((e) => e.kind === 'cost-change');
    expect(change && 'lsaSequence' in change ? change.lsaSequence : null).toBe('8000000c');
  });

  it('diff of the same database is empty; importing the older one last reports stale LSAs, not changes', () => {
    expect(diffOspfDatabases(parse('before'), parse('before'))).toEqual([]);
    const backwards = diffOspfDatabases(parse('after'), parse('before'));
    expect(backwards.map((e) => e.kind)).toEqual(['stale-lsa', 'stale-lsa', 'stale-lsa']);
    expect(backwards.map((e) => (e.kind === 'stale-lsa' ? e.advertisingRouter : '')).sort()).toEqual(['192.0.2.1', '192.0.2.2', '192.0.2.4']);
  });

  it('matches the expected normalised observations', () => {
    const expected = JSON.parse(read('before', 'expected.json'));
    const { lsdb: _lsdb, ...o } = parse('before');
    expect(JSON.parse(JSON.stringify(o))).toEqual(expected);
  });
});
