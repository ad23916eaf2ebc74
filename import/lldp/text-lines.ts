// Small helpers shared by the vendor CLI text parsers: numbered lines, `Key: value` fields, "not advertised".

export interface TextLine {
  /** 1-based line number. */
  no: number;
  text: string;
}

export function toLines(input: string): TextLine[] {
  return input.split(/\r?\n/).map((text, i) => ({ no: i + 1, text: text.replace(/\s+$/, '') }));
}

/**
 * The value of a `Key: value` line (key compared case-insensitively, spaces around the colon
 * allowed, as Arista and Junos pad keys), or null when the line holds another key.
 */
export function field(line: string, key: string): string | null {
  const t = line.trim().replace(/^-\s+/, '');
  if (t.length < key.length || t.slice(0, key.length).toLowerCase() !== key.toLowerCase()) return null;
  const rest = t.slice(key.length);
  const m = /^\s*:\s?(.*)$/.exec(rest);
  if (m) return m[1]!.trim();
  // IOS prints `System Name - not advertised` without a colon.
  if (/^\s+-\s+not advertised/i.test(rest)) return '';
  return null;
}

/** The value, or null when the device printed that it was not advertised. */
export function advertised(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const t = v.trim();
  if (t === '' || /^-?\s*not advertised$/i.test(t) || t === '-') return null;
  return t;
}

/** Strips the double quotes Arista puts around names and descriptions. */
export function unquote(v: string): string {
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

/** A `host#show …` / `user@host> show …` prompt line names the device the output came from. */
export function promptHostname(lines: TextLine[]): string | null {
  for (const l of lines.slice(0, 5)) {
    const m = /^(?:[\w.-]+@)?([A-Za-z0-9][\w.-]*)(?:\([^)]*\))?[#>]\s*show\s/i.exec(l.text.trim());
    if (m) return m[1]!;
  }
  return null;
}

export function toInt(v: string | null): number | null {
  if (v === null) return null;
  const m = /-?\d+/.exec(v);
  return m ? Number.parseInt(m[0], 10) : null;
}
