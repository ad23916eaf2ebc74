// Every raw LLDP fixture parses to its expected normalised observations (test/fixtures/lldp/README.md).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LldpFormatName } from '../../../import/lldp/detect.js';
import { detectLldpFormat } from '../../../import/lldp/detect.js';
import { LLDP_PARSERS } from '../../../import/lldp/parsers.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'lldp');
// Regenerate after a deliberate change with TOPOLENS_UPDATE_FIXTURES=1, then review the diff.
const UPDATE = process.env.TOPOLENS_UPDATE_FIXTURES === '1';

const cases = (Object.keys(LLDP_PARSERS) as LldpFormatName[]).flatMap((format) => {
  let files: string[] = [];
  try {
    files = readdirSync(join(FIX, format));
  } catch {
    return [];
  }
  return files.filter((f) => !f.endsWith('.expected.json')).map((f) => [format, f] as const);
});

describe('LLDP fixtures', () => {
  it('has fixtures for every format', () => {
    expect(new Set(cases.map(([format]) => format))).toEqual(new Set(Object.keys(LLDP_PARSERS)));
  });

  it.each(cases)('%s/%s', (format, file) => {
    const text = readFileSync(join(FIX, format, file), 'utf8');
    if (text.trim() !== '') expect(detectLldpFormat(text.slice(0, 4096))).toBe(format);
    const { neighbours: _n, ...observations } = LLDP_PARSERS[format](text, { file, observedAt: '2024-01-01T00:00:00Z', hostname: 'dut' });
    const got = JSON.parse(JSON.stringify(observations));
    const expectedPath = join(FIX, format, `${file.replace(/\.[^.]+$/, '')}${file.endsWith('.json0') ? '.json0' : ''}.expected.json`);
    if (UPDATE) writeFileSync(expectedPath, `${JSON.stringify(got, null, 2)}\n`);
    expect(got).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
  });
});
