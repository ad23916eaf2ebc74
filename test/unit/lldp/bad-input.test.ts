// LLDP parsers on bad or partial input: ParseErrors for what cannot be read, warnings with a place for what can be skipped; format detection.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAristaEosLldp } from '../../../import/lldp/arista-eos.js';
import { parseCiscoIosLldp } from '../../../import/lldp/cisco-ios.js';
import { detectLldpFormat, detectLldpOspfFormat } from '../../../import/lldp/detect.js';
import { parseJunosLldp } from '../../../import/lldp/junos.js';
import { parseLldpctlJson } from '../../../import/lldp/lldpcli-json.js';
import { parseLldpctlKeyvalue } from '../../../import/lldp/lldpcli-keyvalue.js';
import { ParseError } from '../../../src/errors.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'lldp');
const read = (...p: string[]) => readFileSync(join(FIX, ...p), 'utf8');
const opts = (file: string, hostname?: string) => ({ file, observedAt: '2024-01-01T00:00:00Z', ...(hostname ? { hostname } : {}) });

function parseError(f: () => unknown): ParseError {
  try {
    f();
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('no error thrown');
}

describe('unrecoverable input throws TOPO_PARSE naming file and line', () => {
  it('truncated lldpcli JSON', () => {
    const text = read('lldpcli-json', 'lldpd-frames.json');
    const err = parseError(() => parseLldpctlJson(text.slice(0, 500), opts('cut.json', 'dut')));
    expect(err.code).toBe('TOPO_PARSE');
    expect(err.location.file).toBe('cut.json');
    expect(err.location.line).toBeGreaterThan(1);
  });
  it('JSON that is not lldpcli output', () => {
    const err = parseError(() => parseLldpctlJson('{"routerId": "1.1.1.1"}', opts('x.json', 'dut')));
    expect(err.code).toBe('TOPO_PARSE');
    expect(err.expected).toMatch(/at \$/);
  });
  it('text that is not the vendor output', () => {
    expect(parseError(() => parseCiscoIosLldp('hello\nworld\n', opts('x.txt', 'dut'))).code).toBe('TOPO_PARSE');
    expect(parseError(() => parseAristaEosLldp('hello\n', opts('x.txt', 'dut'))).code).toBe('TOPO_PARSE');
    expect(parseError(() => parseJunosLldp('hello\n', opts('x.txt', 'dut'))).code).toBe('TOPO_PARSE');
    expect(parseError(() => parseLldpctlKeyvalue('hello\n', opts('x.kv', 'dut'))).code).toBe('TOPO_PARSE');
  });
  it('no way to tell which device the output was taken on', () => {
    const err = parseError(() => parseLldpctlJson(read('lldpcli-json', 'lab-r1.json'), opts('lab-r1.json')));
    expect(err.location).toEqual({ file: 'lab-r1.json', line: 1 });
  });
});

describe('recoverable oddities become warnings with a location', () => {
  it('IOS entries without a local port (and no summary table) keep their line and give no link', () => {
    const text = readFileSync(join(process.cwd(), '..', 'shared', 'data', 'lldp', 'ntc-templates', 'cisco_ios', 'show_lldp_neighbors_detail', 'cisco_ios_show_lldp_neighbors_detail2.raw'), 'utf8');
    const r = parseCiscoIosLldp(text, opts('detail2.raw', 'dut'));
    expect(r.links).toEqual([]);
    expect(r.warnings).toHaveLength(r.neighbours.length);
    expect(r.warnings[0]).toEqual({ file: 'detail2.raw', line: 2, message: expect.stringMatching(/no local port/) });
  });
  it('keyvalue lines that are not lldp.<if>.<key>=<value>', () => {
    const text = `${read('lldpcli-keyvalue', 'lab-r3.keyvalue')}garbage line\n`;
    const r = parseLldpctlKeyvalue(text, opts('kv', 'r3'));
    expect(r.neighbours).toHaveLength(1);
    expect(r.warnings).toEqual([{ file: 'kv', line: text.split('\n').length - 1, message: expect.stringMatching(/not an lldp/) }]);
  });
  it('lldpcli JSON entries without a chassis are skipped with their JSON path', () => {
    const doc = { lldp: { interface: [{ eth0: { via: 'LLDP', port: { id: { type: 'ifname', value: 'x1' } } } }] } };
    const r = parseLldpctlJson(JSON.stringify(doc), opts('j', 'dut'));
    expect(r.warnings).toEqual([{ file: 'j', message: 'at $.lldp.interface[0].eth0: neighbour without a chassis; skipped' }]);
  });
  it('a prompt line names the local device when no hostname is given', () => {
    expect(parseJunosLldp(read('junos-lldp', 'detail-handwritten.txt'), opts('j')).localDeviceId).toBe('host:ex4300-a');
  });
});

describe('detectLldpOspfFormat', () => {
  it.each([
    ['lldpcli-json/lldpd-frames.json', 'lldpcli-json'],
    ['lldpcli-json/lldpd-frames.json0', 'lldpcli-json'],
    ['lldpcli-keyvalue/lldpd-frames.keyvalue', 'lldpcli-keyvalue'],
    ['cisco-ios-lldp/ntc-detail1.txt', 'cisco-ios-lldp'],
    ['cisco-nxos-lldp/ntc-detail2.txt', 'cisco-nxos-lldp'],
    ['arista-eos-lldp/ntc-detail.txt', 'arista-eos-lldp'],
    ['junos-lldp/ntc-table-ae7.txt', 'junos-lldp'],
    ['junos-lldp/detail-handwritten.txt', 'junos-lldp'],
  ])('%s → %s', (file, format) => {
    expect(detectLldpOspfFormat(read(file).slice(0, 4096))).toBe(format);
  });
  it('OSPF outputs go to the OSPF detector; other text is nobody\'s', () => {
    const ospf = join(process.cwd(), 'test', 'fixtures', 'ospf', 'frr-json', 'lab', 'before');
    expect(detectLldpOspfFormat(readFileSync(join(ospf, 'r2.router.json'), 'utf8'))).toBe('frr-ospf-router-json');
    expect(detectLldpOspfFormat(readFileSync(join(ospf, 'r2.network.json'), 'utf8'))).toBe('frr-ospf-network-json');
    expect(detectLldpOspfFormat(readFileSync(join(ospf, 'r2.neighbor.json'), 'utf8'))).toBe('frr-ospf-neighbor-json');
    expect(detectLldpFormat('<graphml>')).toBeNull();
    expect(detectLldpOspfFormat('{"devices": [], "links": []}')).toBeNull();
  });
});
