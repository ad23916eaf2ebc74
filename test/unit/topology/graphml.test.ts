import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGraphml } from '../../../import/topology/graphml.js';
import { ParseError } from '../../../src/errors.js';

const ABILENE = readFileSync(new URL('../../fixtures/topology/graphml/Abilene.graphml', import.meta.url), 'utf8');
const opts = { file: 'Abilene.graphml', observedAt: '2026-01-01T00:00:00.000Z' };

function parseError(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return err as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('parseGraphml', () => {
  it('reads Abilene: 11 devices, 14 links, names and locations', () => {
    const r = parseGraphml(ABILENE, opts);
    expect(r.devices).toHaveLength(11);
    expect(r.links).toHaveLength(14);
    const ny = r.devices.find((d) => d.hostname === 'New York');
    expect(ny).toMatchObject({ id: 'Abilene/New York', network: 'Abilene', country: 'United States' });
    expect(ny?.latitude).toBeCloseTo(40.71, 1);
    expect(new Set(r.links.map((l) => l.id)).size).toBe(14);
    expect(r.warnings).toEqual([]);
  });

  it('gives the same ids on every parse (stable identity)', () => {
    expect(parseGraphml(ABILENE, opts)).toEqual(parseGraphml(ABILENE, opts));
  });

  it('names file and line of truncated XML', () => {
    const cut = ABILENE.slice(0, Math.floor(ABILENE.length * 0.7));
    const err = parseError(() => parseGraphml(cut, opts));
    expect(err.code).toBe('TOPO_PARSE');
    expect(err.location.file).toBe('Abilene.graphml');
    expect(err.location.line).toBe(cut.split('\n').length);
  });

  it('names the line of an edge to a missing node', () => {
    const lines = ABILENE.split('\n');
    const edgeLine = lines.findIndex((l) => l.includes('<edge ')) + 1;
    lines[edgeLine - 1] = (lines[edgeLine - 1] as string).replace(/target="\d+"/, 'target="999"');
    const err = parseError(() => parseGraphml(lines.join('\n'), opts));
    expect(err.location.line).toBe(edgeLine);
    expect(err.expected).toContain('"999"');
  });

  it('rejects a document without a graphml root', () => {
    expect(parseError(() => parseGraphml('<?xml version="1.0"?><other/>', opts)).code).toBe('TOPO_PARSE');
  });

  it('keeps parallel edges apart and duplicate labels distinct', () => {
    const doc = `<graphml><key id="l" for="node" attr.name="label"/><graph>
<node id="0"><data key="l">A</data></node><node id="1"><data key="l">B</data></node><node id="2"><data key="l">B</data></node>
<edge source="0" target="1"/><edge source="1" target="0"/><edge source="0" target="2"/></graph></graphml>`;
    const r = parseGraphml(doc, { file: 'x.graphml', observedAt: '' });
    expect(r.devices.map((d) => d.id)).toEqual(['x/A', 'x/B#1', 'x/B#2']);
    expect(r.links.map((l) => l.id)).toEqual(['x/A~x/B#1', 'x/A~x/B#1#1', 'x/A~x/B#2']);
    expect(r.warnings).toHaveLength(2);
  });
});
