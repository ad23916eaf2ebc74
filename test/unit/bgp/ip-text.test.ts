// Address and prefix text: RFC 5952 IPv6, masked prefixes, and parsing any valid spelling back.
import { describe, expect, it } from 'vitest';
import { canonicalAddress, canonicalPrefix, formatIpv6, formatPrefix } from '../../../import/bgp/ip-text.js';

const v6 = (hex: string) => formatIpv6(Buffer.from(hex, 'hex'), 0);

describe('ip text', () => {
  it('writes IPv6 as RFC 5952 says', () => {
    expect(v6('20010db8000000000000000000000001')).toBe('2001:db8::1');
    expect(v6('00000000000000000000000000000000')).toBe('::');
    expect(v6('00000000000000000000000000000001')).toBe('::1');
    // a single zero group stays; the first of two equal runs is folded
    expect(v6('20010db8000000010001000100010001')).toBe('2001:db8:0:1:1:1:1:1');
    expect(v6('20010000000000010000000000010001')).toBe('2001::1:0:0:1:1');
    expect(v6('20010000000000010000000000000001')).toBe('2001:0:0:1::1');
    expect(v6('00000000000000000000ffffc1000038')).toBe('::ffff:193.0.0.56');
  });

  it('clears bits beyond the mask', () => {
    expect(formatPrefix(Buffer.from([11, 13]), 0, 13, 4)).toBe('11.8.0.0/13');
    expect(formatPrefix(Buffer.from([0x20, 0x01, 0x0d, 0xb9]), 0, 31, 6)).toBe('2001:db8::/31');
    expect(formatPrefix(Buffer.alloc(0), 0, 0, 4)).toBe('0.0.0.0/0');
  });

  it('reads any valid spelling back into the canonical one', () => {
    expect(canonicalPrefix('2a12:ca42:0:0:0:0:0:0/32')).toEqual({ prefix: '2a12:ca42::/32', afi: 6 });
    expect(canonicalPrefix('10.1.2.3/8')).toEqual({ prefix: '10.0.0.0/8', afi: 4 });
    expect(canonicalAddress('2001:7F8:30::2:1:0:8447')).toBe('2001:7f8:30:0:2:1:0:8447');
    expect(canonicalAddress('::ffff:1.2.3.4')).toBe('::ffff:1.2.3.4');
    for (const bad of ['1.2.3', '1.2.3.256', '1::2::3', 'x::1', '2001:db8:0:0:0:0:0:0:1']) expect(canonicalAddress(bad)).toBeNull();
    expect(canonicalPrefix('10.0.0.0/33')).toBeNull();
  });
});
