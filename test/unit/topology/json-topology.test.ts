import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJsonTopology } from '../../../import/topology/json-topology.js';
import { ParseError } from '../../../src/errors.js';

const SQUARE = readFileSync(new URL('../../fixtures/topology/json/asymmetric-square.json', import.meta.url), 'utf8');
const opts = { file: 'square.json', observedAt: '2026-01-01T00:00:00.000Z' };

describe('parseJsonTopology', () => {
  it('reads devices, interfaces and per-direction costs', () => {
    const r = parseJsonTopology(SQUARE, opts);
    expect(r.devices.map((d) => d.id)).toEqual(['square/r1', 'square/r2', 'square/r3', 'square/r4']);
    expect(r.interfaces).toHaveLength(8);
    const r4r1 = r.links.find((l) => l.aDeviceId === 'square/r4');
    expect(r4r1).toMatchObject({ costAtoB: 40, costBtoA: 5, capacityBps: 1e10, aIfname: 'eth1', bIfname: 'eth1' });
    const r3r4 = r.links.find((l) => l.aDeviceId === 'square/r3');
    expect(r3r4).toMatchObject({ costAtoB: 10, costBtoA: 10, tags: ['conduit-a'] });
  });

  it('reports line and column of a JSON syntax error', () => {
    const broken = SQUARE.replace('"role": "core" },', '"role": "core" ,,');
    try {
      parseJsonTopology(broken, opts);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ParseError);
      expect((err as ParseError).location.line).toBe(5);
    }
  });

  it('reports the record of a link to an unknown device', () => {
    const t = JSON.parse(SQUARE);
    t.links[2].b = 'r9';
    try {
      parseJsonTopology(JSON.stringify(t), opts);
      expect.unreachable();
    } catch (err) {
      expect((err as ParseError).location.record).toBe(2);
      expect((err as ParseError).expected).toContain('r9');
    }
  });

  it('rejects unknown fields and negative costs with the JSON path', () => {
    const t = JSON.parse(SQUARE);
    t.links[1].costAtoB = -3;
    expect(() => parseJsonTopology(JSON.stringify(t), opts)).toThrow(/links\[1\]\.costAtoB/);
  });
});
