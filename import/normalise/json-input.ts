// JSON parsing with ParseErrors that name file, line and column, and small typed accessors shared by the JSON importers.
import { ParseError } from '../../src/errors.js';
import { lineColumnAt } from './text-position.js';

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const pos = /position (\d+)/.exec((err as Error).message);
    const loc = pos ? lineColumnAt(text, Number(pos[1])) : text.trim() === '' ? { line: 1 } : {};
    throw new ParseError({ file, ...loc }, `valid JSON (${(err as Error).message})`, { cause: err });
  }
}

export function str(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return null;
}

export function int(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number.parseInt(v, 10);
  return null;
}

/** Items of an FRR collection printed either as an array or as an object keyed by name (`link0`, a router id). */
export function items(v: unknown): [string, unknown][] {
  if (Array.isArray(v)) return v.map((x, i) => [`[${i}]`, x]);
  if (isObject(v)) return Object.entries(v).map(([k, x]) => [`.${k}`, x]);
  return [];
}
