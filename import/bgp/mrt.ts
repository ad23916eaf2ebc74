// Streaming MRT reader (RFC 6396): records in, normalised BGP events out; hand-written, as no maintained JS MRT library exists.
import type { ImportWarning } from '../../src/model/topology.js';
import type { BgpEvent, BgpEventSource } from '../../src/model/bgp-event.js';
import { ParseError } from '../../src/errors.js';
import { decodeBgp4mp, decodeLegacyBgp } from './bgp4mp.js';
import { type ByteInput, type Compression, openByteStream } from './byte-stream.js';
import { type DecodeContext, MrtDecodeError } from './decode-context.js';
import { decodePeerIndexTable, decodeRibEntries, decodeTableDump } from './table-dump.js';

export interface MrtReadOptions {
  /** Name used in errors and warnings; defaults to the path when `input` is one. */
  file?: string;
  /** Skip records that fail to decode (counted in `stats.badRecords`) instead of throwing. */
  skipBad?: boolean;
  /** Longest record accepted; a longer length field means the framing is broken. Default 16 MiB. */
  maxRecordBytes?: number;
  /** Called for every warning; the reader itself keeps only the first `keepWarnings`. */
  onWarning?: (w: ImportWarning) => void;
  /** How many warnings `warnings` keeps (default 100); `stats.warnings` counts all. */
  keepWarnings?: number;
}

export interface MrtReadStats {
  compression: Compression | null;
  /** Decompressed bytes framed so far. */
  bytes: number;
  /** MRT records read, good or bad. */
  records: number;
  badRecords: number;
  /** Records of a type or subtype this reader does not decode (e.g. OSPF, RIB_GENERIC). */
  unsupportedRecords: number;
  warnings: number;
}

const HEADER = 12;
const BATCH_EVENTS = 2048;
const T_BGP = 5;
const T_TABLE_DUMP = 12;
const T_TABLE_DUMP_V2 = 13;
const T_BGP4MP = 16;
const T_BGP4MP_ET = 17;

/** Types RFC 6396 defines (current and deprecated); anything else in a header means broken framing. */
const DEFINED_TYPES = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 17, 32, 33, 48, 49]);
const MAX_SUBTYPE: Readonly<Record<number, number>> = { 5: 7, 12: 2, 13: 12, 16: 11, 17: 11 };
const DAY = 86_400;

/** A header at `p` that a real producer could have written: known type and subtype, sane length, nearby time. */
function plausibleHeader(b: Buffer, p: number, lastTimestamp: number, maxLen: number): boolean {
  const max = MAX_SUBTYPE[b.readUInt16BE(p + 4)];
  if (max === undefined || b.readUInt16BE(p + 6) > max) return false;
  const ts = b.readUInt32BE(p);
  if (lastTimestamp > 0 ? Math.abs(ts - lastTimestamp) > DAY : ts === 0) return false;
  return b.readUInt32BE(p + 8) <= maxLen;
}

/** Offset of the next record start at or after `from` (its successor checked too when in reach), or -1. */
function findRecordStart(b: Buffer, from: number, lastTimestamp: number, maxLen: number): number {
  for (let p = from; p + HEADER <= b.length; p++) {
    if (!plausibleHeader(b, p, lastTimestamp, maxLen)) continue;
    const q = p + HEADER + b.readUInt32BE(p + 8);
    if (q + HEADER > b.length || plausibleHeader(b, q, lastTimestamp, maxLen)) return p;
  }
  return -1;
}

/** The events of an MRT input, in file order, plus what the reading found along the way. */
export class MrtReader implements AsyncIterable<BgpEvent> {
  readonly stats: MrtReadStats = { compression: null, bytes: 0, records: 0, badRecords: 0, unsupportedRecords: 0, warnings: 0 };
  readonly warnings: ImportWarning[] = [];
  private readonly file: string;
  private readonly skipBad: boolean;
  private readonly maxRecordBytes: number;
  private readonly keepWarnings: number;
  private started = false;

  constructor(
    private readonly input: ByteInput,
    private readonly options: MrtReadOptions = {},
  ) {
    this.file = options.file ?? (typeof input === 'string' ? input : '<stream>');
    this.skipBad = options.skipBad ?? false;
    this.maxRecordBytes = options.maxRecordBytes ?? 16 * 1024 * 1024;
    this.keepWarnings = options.keepWarnings ?? 100;
  }

  private warn(message: string, record: number, byteOffset: number): void {
    const w: ImportWarning = { file: this.file, record, byteOffset, message };
    this.stats.warnings++;
    if (this.warnings.length < this.keepWarnings) this.warnings.push(w);
    this.options.onWarning?.(w);
  }

  private fail(record: number, byteOffset: number, expected: string, cause?: unknown): ParseError {
    return new ParseError({ file: this.file, record, byteOffset }, expected, cause === undefined ? undefined : { cause });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<BgpEvent> {
    for await (const batch of this.batches()) for (const ev of batch) yield ev;
  }

  /**
   * Events in batches (at most a few thousand each): the fast way to consume a large file, as it
   * pays one await per batch instead of one per prefix. Each batch array is handed over for good.
   * Stopping early (break) closes the input.
   */
  async *batches(): AsyncGenerator<BgpEvent[]> {
    if (this.started) throw new Error('an MrtReader can be iterated once');
    this.started = true;
    const stats = this.stats;
    let base = 0; // stream offset of buf[0]
    let carry: Buffer[] = [];
    let carryLen = 0;
    let wanted = HEADER; // bytes the carried tail needs before a record can be framed
    // After broken framing (skipBad only) the reader scans for the next plausible record header.
    let resyncing = false;
    let resyncFrom = 0;
    let lastTimestamp = 0;

    const ctx: DecodeContext = {
      out: [],
      warn: (message, offset) => this.warn(message, stats.records, base + offset),
      record: 0,
      timestamp: 0,
      microseconds: 0,
      source: 'BGP4MP',
      peers: null,
      peerAddress: '',
      peerAsn: 0,
      rib: false,
      originatedAt: undefined,
    };

    const chunks = openByteStream(this.input, (c) => { stats.compression = c; });
    try {
      for (;;) {
        let chunk: Buffer;
        try {
          const r = await chunks.next();
          if (r.done) break;
          chunk = r.value;
        } catch (e) {
          // A file that cannot be opened is not bad input: ENOENT and friends pass through as they are.
          if (e instanceof ParseError || (e instanceof Error && 'syscall' in e)) throw e;
          throw this.fail(stats.records, base + carryLen, `a readable ${stats.compression ?? ''} stream (${(e as Error).message})`, e);
        }
        // A record split across chunks is joined once its whole length has arrived, never byte by byte.
        if (carryLen + chunk.length < wanted) {
          carry.push(chunk);
          carryLen += chunk.length;
          continue;
        }
        let buf: Buffer;
        if (carryLen > 0) {
          carry.push(chunk);
          buf = Buffer.concat(carry, carryLen + chunk.length);
          carry = [];
          carryLen = 0;
        } else buf = chunk;

        let out: BgpEvent[] = [];
        ctx.out = out;
        let off = 0;
        // Events decoded before a fatal record still reach the consumer; then the error is thrown.
        let fatal: ParseError | null = null;
        wanted = HEADER;
        while (buf.length - off >= HEADER) {
          if (resyncing) {
            const next = findRecordStart(buf, off, lastTimestamp, this.maxRecordBytes);
            if (next < 0) {
              // Keep the last bytes: the next header may begin in them and end in the next chunk.
              off = Math.max(off, buf.length - (HEADER - 1));
              break;
            }
            this.warn(`skipped ${base + next - resyncFrom} bytes of broken framing up to a plausible record header`, stats.records, base + next);
            off = next;
            resyncing = false;
          }
          const len = buf.readUInt32BE(off + 8);
          const type = buf.readUInt16BE(off + 4);
          const subtype = buf.readUInt16BE(off + 6);
          if (len > this.maxRecordBytes || (this.skipBad && !DEFINED_TYPES.has(type))) {
            const expected = len > this.maxRecordBytes
              ? `an MRT record length of at most ${this.maxRecordBytes} bytes, got ${len} (broken framing)`
              : `an MRT record type, got ${type} (broken framing)`;
            if (!this.skipBad) {
              fatal = this.fail(stats.records, base + off, expected);
              break;
            }
            stats.badRecords++;
            this.warn(`skipped bad record: ${expected}`, stats.records, base + off);
            stats.records++;
            resyncing = true;
            resyncFrom = base + off;
            off += 1;
            continue;
          }
          if (buf.length - off - HEADER < len) {
            wanted = HEADER + len;
            break;
          }
          const mark = out.length;
          ctx.record = stats.records;
          ctx.timestamp = buf.readUInt32BE(off);
          try {
            this.decodeRecord(ctx, buf, off + HEADER, off + HEADER + len, type, subtype);
            lastTimestamp = ctx.timestamp;
          } catch (e) {
            out.length = mark;
            if (!(e instanceof MrtDecodeError)) {
              // A decoder bug must still name the place, never escape as a raw exception.
              fatal = this.fail(stats.records, base + off, `a decodable record of type ${type} subtype ${subtype}`, e);
              break;
            }
            if (!this.skipBad) {
              fatal = this.fail(stats.records, base + e.offset, `${e.expected} (record type ${type} subtype ${subtype})`, e);
              break;
            }
            stats.badRecords++;
            this.warn(`skipped bad record: ${e.expected}`, stats.records, base + e.offset);
          }
          stats.records++;
          off += HEADER + len;
          // Small batches die young: the garbage collector then never copies or promotes them.
          if (out.length >= BATCH_EVENTS) {
            base += off;
            buf = buf.subarray(off);
            off = 0;
            yield out;
            out = [];
            ctx.out = out;
          }
        }
        if (fatal !== null) {
          if (out.length > 0) yield out;
          throw fatal;
        }
        if (off < buf.length) {
          carry.push(buf.subarray(off));
          carryLen = buf.length - off;
        }
        base += off;
        stats.bytes = base;
        if (out.length > 0) yield out;
      }
      if (carryLen > 0 && !resyncing) {
        const expected = carryLen < HEADER ? `a 12-byte MRT header, ${carryLen} bytes left` : `the ${wanted - HEADER}-byte record body, ${carryLen - HEADER} bytes left (truncated file)`;
        if (!this.skipBad) throw this.fail(stats.records, base, expected);
        stats.badRecords++;
        stats.records++;
        this.warn(`skipped truncated record: ${expected}`, stats.records - 1, base);
      }
      stats.bytes = base + carryLen;
    } finally {
      // Also when the consumer stops early: closes the file and the decompressor.
      await chunks.return(undefined);
    }
  }

  private decodeRecord(ctx: DecodeContext, b: Buffer, start: number, end: number, type: number, subtype: number): void {
    ctx.microseconds = 0;
    switch (type) {
      case T_BGP4MP:
        ctx.source = 'BGP4MP';
        decodeBgp4mp(ctx, b, start, end, subtype);
        return;
      case T_BGP4MP_ET:
        if (end - start < 4) throw new MrtDecodeError(start, 'BGP4MP_ET microsecond timestamp (4 bytes)');
        ctx.source = 'BGP4MP_ET';
        ctx.microseconds = b.readUInt32BE(start);
        decodeBgp4mp(ctx, b, start + 4, end, subtype);
        return;
      case T_TABLE_DUMP_V2:
        ctx.source = 'TABLE_DUMP2';
        this.decodeTableDumpV2(ctx, b, start, end, subtype);
        return;
      case T_TABLE_DUMP:
        ctx.source = 'TABLE_DUMP';
        decodeTableDump(ctx, b, start, end, subtype);
        return;
      case T_BGP:
        ctx.source = 'BGP';
        decodeLegacyBgp(ctx, b, start, end, subtype);
        return;
      default:
        this.unsupported(ctx, start, `MRT type ${type} subtype ${subtype}`);
    }
  }

  private decodeTableDumpV2(ctx: DecodeContext, b: Buffer, start: number, end: number, subtype: number): void {
    switch (subtype) {
      case 1:
        ctx.out.push(decodePeerIndexTable(ctx, b, start, end));
        return;
      case 2: return decodeRibEntries(ctx, b, start, end, 4, 1, false);
      case 3: return decodeRibEntries(ctx, b, start, end, 4, 2, false);
      case 4: return decodeRibEntries(ctx, b, start, end, 6, 1, false);
      case 5: return decodeRibEntries(ctx, b, start, end, 6, 2, false);
      case 8: return decodeRibEntries(ctx, b, start, end, 4, 1, true);
      case 9: return decodeRibEntries(ctx, b, start, end, 4, 2, true);
      case 10: return decodeRibEntries(ctx, b, start, end, 6, 1, true);
      case 11: return decodeRibEntries(ctx, b, start, end, 6, 2, true);
      default:
        // RIB_GENERIC (VPN, flowspec…) carries no unicast topology.
        this.unsupported(ctx, start, `TABLE_DUMP_V2 subtype ${subtype}`);
    }
  }

  private unsupported(ctx: DecodeContext, offset: number, what: string): void {
    this.stats.unsupportedRecords++;
    ctx.warn(`${what} not decoded`, offset - HEADER);
  }
}

/** Reads MRT from a path, Buffer or stream; gzip and bzip2 are recognised by their magic bytes. */
export function readMrt(input: ByteInput, options: MrtReadOptions = {}): MrtReader {
  return new MrtReader(input, options);
}
