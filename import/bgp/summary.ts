// Counts what a BGP import holds (as `bgpdump -m` counts lines) for `topolens import --dry-run --json`.
import type { BgpEvent } from '../../src/model/bgp-event.js';
import type { ImportWarning } from '../../src/model/topology.js';
import type { ByteInput } from './byte-stream.js';
import { type MrtReadOptions, readMrt } from './mrt.js';
import { type RisLiveReadOptions, readRisLive } from './ris-live.js';

export interface BgpImportSummary {
  file: string;
  format: 'mrt' | 'ris-live';
  /** Input records (MRT records or RIS Live lines), good or bad. */
  records: number;
  /** Per prefix: one per announced prefix and one per RIB entry (bgpdump's `A` and `B` lines). */
  announcements: number;
  /** Per prefix (bgpdump's `W` lines). */
  withdrawals: number;
  ribEntries: number;
  stateChanges: number;
  /** Distinct (peer address, peer ASN) pairs that announced, withdrew or changed state. */
  peers: number;
  /** Distinct prefixes announced or withdrawn. */
  prefixes: number;
  /** Records that could not be decoded (only non-zero with skip-bad). */
  errors: number;
  warnings: number;
  firstWarnings: ImportWarning[];
}

/** Accumulates counts event by event; memory grows with distinct peers and prefixes only. */
export class BgpSummaryBuilder {
  announcements = 0;
  withdrawals = 0;
  ribEntries = 0;
  stateChanges = 0;
  /** Peer ASNs per peer address: no key string per event (in a RIB dump consecutive entries are of different peers). */
  private readonly peerAsns = new Map<string, Set<number>>();
  private peerCount = 0;
  private readonly prefixKeys = new Set<string>();
  // Consecutive events usually share a peer; skip the set lookup then.
  private lastPeerAddress = '';
  private lastPeerAsn = -1;
  private lastPrefix = '';

  add(ev: BgpEvent): void {
    if (ev.kind === 'peer-index') return;
    if (ev.peerAddress !== this.lastPeerAddress || ev.peerAsn !== this.lastPeerAsn) {
      this.lastPeerAddress = ev.peerAddress;
      this.lastPeerAsn = ev.peerAsn;
      let asns = this.peerAsns.get(ev.peerAddress);
      if (asns === undefined) this.peerAsns.set(ev.peerAddress, (asns = new Set()));
      if (!asns.has(ev.peerAsn)) {
        asns.add(ev.peerAsn);
        this.peerCount++;
      }
    }
    if (ev.kind === 'state') {
      this.stateChanges++;
      return;
    }
    if (ev.kind === 'announce') {
      this.announcements++;
      if (ev.rib) this.ribEntries++;
    } else this.withdrawals++;
    // A RIB dump lists a prefix's entries together.
    if (ev.prefix !== this.lastPrefix) {
      this.lastPrefix = ev.prefix;
      this.prefixKeys.add(ev.prefix);
    }
  }

  addAll(events: readonly BgpEvent[]): void {
    for (const ev of events) this.add(ev);
  }

  get peers(): number {
    return this.peerCount;
  }

  get prefixes(): number {
    return this.prefixKeys.size;
  }
}

/** Reads a whole MRT or RIS Live input and summarises it; bad records throw unless `skipBad`. */
export async function summariseBgpFile(
  input: ByteInput,
  format: 'mrt' | 'ris-live',
  options: MrtReadOptions & RisLiveReadOptions = {},
): Promise<BgpImportSummary> {
  const reader = format === 'mrt' ? readMrt(input, options) : readRisLive(input, options);
  const b = new BgpSummaryBuilder();
  for await (const batch of reader.batches()) b.addAll(batch);
  return {
    file: options.file ?? (typeof input === 'string' ? input : '<stream>'),
    format,
    records: reader.stats.records,
    announcements: b.announcements,
    withdrawals: b.withdrawals,
    ribEntries: b.ribEntries,
    stateChanges: b.stateChanges,
    peers: b.peers,
    prefixes: b.prefixes,
    errors: reader.stats.badRecords,
    warnings: reader.stats.warnings,
    firstWarnings: reader.warnings.slice(0, 20),
  };
}
