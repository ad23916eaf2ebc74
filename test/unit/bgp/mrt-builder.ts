// Test helper: builds small MRT records and BGP UPDATEs byte by byte, for cases no real sample covers.

export function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

export function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

export function ipv4(text: string): Buffer {
  return Buffer.from(text.split('.').map(Number));
}

export function mrtRecord(timestamp: number, type: number, subtype: number, body: Buffer): Buffer {
  return Buffer.concat([u32(timestamp), u16(type), u16(subtype), u32(body.length), body]);
}

export function attribute(flags: number, type: number, value: Buffer): Buffer {
  if (value.length > 255 || flags & 0x10) return Buffer.concat([Buffer.from([flags | 0x10, type]), u16(value.length), value]);
  return Buffer.concat([Buffer.from([flags, type, value.length]), value]);
}

/** AS path segments, e.g. [[2, [1, 2]], [1, [3, 4]]] = sequence 1 2, set {3,4}. */
export function asPath(segments: [number, number[]][], asnSize: 2 | 4): Buffer {
  return Buffer.concat(
    segments.map(([type, asns]) => Buffer.concat([Buffer.from([type, asns.length]), ...asns.map((a) => (asnSize === 4 ? u32(a) : u16(a)))])),
  );
}

export function nlri(prefixes: string[]): Buffer {
  return Buffer.concat(
    prefixes.map((p) => {
      const [addr, len] = p.split('/');
      const bits = Number(len);
      return Buffer.concat([Buffer.from([bits]), ipv4(addr!).subarray(0, (bits + 7) >> 3)]);
    }),
  );
}

export function bgpUpdate(withdrawn: Buffer, attrs: Buffer, announced: Buffer): Buffer {
  const body = Buffer.concat([u16(withdrawn.length), withdrawn, u16(attrs.length), attrs, announced]);
  return Buffer.concat([Buffer.alloc(16, 0xff), u16(19 + body.length), Buffer.from([2]), body]);
}

/** BGP4MP MESSAGE (as4 false) or MESSAGE_AS4 body from an IPv4 peer. */
export function bgp4mpMessage(as4: boolean, peerAsn: number, peer: string, message: Buffer): Buffer {
  const asn = (n: number) => (as4 ? u32(n) : u16(n));
  return Buffer.concat([asn(peerAsn), asn(64512), u16(0), u16(1), ipv4(peer), ipv4('192.0.2.254'), message]);
}
