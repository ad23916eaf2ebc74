// Test helper: renders a BgpEvent as the line `bgpdump -m` prints for it, so outputs compare line by line.
import type { BgpEvent, BgpPathAttributes } from '../../../src/model/bgp-event.js';
import { canonicalAddress } from '../../../import/bgp/ip-text.js';

const WELL_KNOWN: Record<string, string> = {
  '65535:65281': 'no-export',
  '65535:65282': 'no-advertise',
  '65535:65283': 'local-AS',
};

/** AS path as bgpdump writes it: sets in braces, confederation sequences in parentheses. */
export function formatAsPath(a: BgpPathAttributes): string {
  if (a.asPathSegments === null) return a.asPath.join(' ');
  return a.asPathSegments
    .map((s) => {
      switch (s.type) {
        case 'sequence': return s.asns.join(' ');
        case 'set': return `{${s.asns.join(',')}}`;
        case 'confed-sequence': return `(${s.asns.join(' ')})`;
        case 'confed-set': return `[${s.asns.join(',')}]`;
      }
    })
    .join(' ');
}

export function formatBgpdumpLine(ev: BgpEvent): string | null {
  if (ev.kind === 'peer-index') return null;
  const ts = ev.source === 'BGP4MP_ET' ? `${ev.timestamp}.${String(ev.microseconds).padStart(6, '0')}` : String(ev.timestamp);
  if (ev.kind === 'state') return `${ev.source}|${ts}|STATE|${ev.peerAddress}|${ev.peerAsn}|${ev.oldState}|${ev.newState}`;
  const ap = ev.pathId !== null;
  const head = `${ev.source}${ap ? '_AP' : ''}|${ts}|${ev.kind === 'withdraw' ? 'W' : ev.rib ? 'B' : 'A'}|${ev.peerAddress}|${ev.peerAsn}|${ev.prefix}`;
  if (ev.kind === 'withdraw') return ap ? `${head}|${ev.pathId}` : head;
  const a = ev.attributes!;
  const communities = a.communities.map((c) => WELL_KNOWN[c] ?? c).join(' ');
  const agg = a.aggregator ? `${a.aggregator.asn} ${a.aggregator.address}` : '';
  return [
    head,
    ...(ap ? [String(ev.pathId)] : []),
    formatAsPath(a),
    // bgpdump prints its defaults for absent attributes: INCOMPLETE and INADDR_NONE.
    (a.origin ?? 'incomplete').toUpperCase(),
    a.nextHop ?? '255.255.255.255',
    a.localPref ?? 0,
    // bgpdump's one-line form of the deprecated BGP type glues the communities to the MED.
    ...(ev.source === 'BGP' ? [`${a.med ?? 0}${communities}`] : [a.med ?? 0, communities]),
    a.atomicAggregate ? 'AG' : 'NAG',
    agg,
    '',
  ].join('|');
}

/**
 * Rewrites every IPv6 address of a bgpdump line into RFC 5952 text: glibc's inet_ntop folds a
 * single zero group into `::`, RFC 5952 (and topolens) does not; the addresses are the same.
 */
export function normaliseIpv6(line: string): string {
  return line.replace(/(?<![\w.:])[0-9a-f]*:[0-9a-f:.]*:[0-9a-f.]*(?=[/| ]|$)/g, (addr) => canonicalAddress(addr) ?? addr);
}
