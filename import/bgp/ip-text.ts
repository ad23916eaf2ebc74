// Text forms of IPv4/IPv6 addresses and prefixes read straight from a Buffer (inet_ntop / RFC 5952 style).

/** Dotted quad of the 4 bytes at `off`. */
export function formatIpv4(b: Buffer, off: number): string {
  return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
}

/**
 * RFC 5952 text of the 16 bytes at `off`: lower-case hex, the longest run of two or more zero
 * groups as `::` (the first when tied), IPv4-mapped and IPv4-compatible addresses dotted, as
 * glibc's inet_ntop prints them (so next hops read the same as in bgpdump).
 */
export function formatIpv6(b: Buffer, off: number): string {
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (b[off + 2 * i] === 0 && b[off + 2 * i + 1] === 0) {
      if (curBase < 0) { curBase = i; curLen = 1; } else curLen++;
      if (curLen > bestLen) { bestBase = curBase; bestLen = curLen; }
    } else curBase = -1;
  }
  if (bestLen < 2) bestBase = -1;
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestBase) {
      s += i === 0 ? '::' : ':';
      i += bestLen - 1;
      continue;
    }
    // ::a.b.c.d and ::ffff:a.b.c.d keep their embedded IPv4 address readable.
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && b[off + 10] === 0xff && b[off + 11] === 0xff))) {
      s += formatIpv4(b, off + 12);
      break;
    }
    s += ((b[off + 2 * i]! << 8) | b[off + 2 * i + 1]!).toString(16);
    if (i < 7) s += ':';
  }
  return s;
}

// Scratch space for prefixes, whose wire form carries only the significant bytes.
const scratch = Buffer.alloc(16);

/**
 * Canonical text of a prefix whose `nbytes` significant bytes start at `off`. Bits beyond the
 * mask are cleared (some speakers send them set), so the same prefix always reads the same.
 */
export function formatPrefix(b: Buffer, off: number, bits: number, afi: 4 | 6): string {
  const nbytes = (bits + 7) >> 3;
  if (afi === 4) {
    let a = 0;
    for (let i = 0; i < 4; i++) a = (a << 8) | (i < nbytes ? b[off + i]! : 0);
    if (bits < 32) a &= bits === 0 ? 0 : ~0 << (32 - bits);
    return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/${bits}`;
  }
  scratch.fill(0);
  b.copy(scratch, 0, off, off + nbytes);
  if (bits & 7) scratch[nbytes - 1]! &= (0xff << (8 - (bits & 7))) & 0xff;
  return `${formatIpv6(scratch, 0)}/${bits}`;
}

/** Bytes of an IPv4 or IPv6 address in text form (any valid spelling), or null when it is not one. */
export function parseIpAddress(text: string): { afi: 4 | 6; bytes: Buffer } | null {
  if (!text.includes(':')) {
    const parts = text.split('.');
    if (parts.length !== 4) return null;
    const bytes = Buffer.alloc(4);
    for (let i = 0; i < 4; i++) {
      const p = parts[i]!;
      if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
      bytes[i] = Number(p);
    }
    return { afi: 4, bytes };
  }
  let groups: string[];
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  // A trailing dotted quad stands for the last two groups.
  const last = (tail.length > 0 ? tail : head).at(-1);
  const list = tail.length > 0 ? tail : head;
  if (last !== undefined && last.includes('.')) {
    const v4 = parseIpAddress(last);
    if (v4 === null) return null;
    list.splice(list.length - 1, 1, v4.bytes.readUInt16BE(0).toString(16), v4.bytes.readUInt16BE(2).toString(16));
  }
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    groups = [...head, ...new Array<string>(missing).fill('0'), ...tail];
  } else groups = head;
  if (groups.length !== 8) return null;
  const bytes = Buffer.alloc(16);
  for (let i = 0; i < 8; i++) {
    const g = groups[i]!;
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    bytes.writeUInt16BE(parseInt(g, 16), 2 * i);
  }
  return { afi: 6, bytes };
}

/** Canonical text of a prefix written as `address/length`, or null when it is not one. */
export function canonicalPrefix(text: string): { prefix: string; afi: 4 | 6 } | null {
  const slash = text.indexOf('/');
  const ip = parseIpAddress(slash < 0 ? text : text.slice(0, slash));
  if (ip === null) return null;
  const max = ip.afi === 4 ? 32 : 128;
  const bits = slash < 0 ? max : Number(text.slice(slash + 1));
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return null;
  return { prefix: formatPrefix(ip.bytes, 0, bits, ip.afi), afi: ip.afi };
}

/** Canonical text of an address, or null when it is not one. */
export function canonicalAddress(text: string): string | null {
  const ip = parseIpAddress(text.trim());
  if (ip === null) return null;
  return ip.afi === 4 ? formatIpv4(ip.bytes, 0) : formatIpv6(ip.bytes, 0);
}
