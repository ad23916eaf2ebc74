// Tells MRT from RIS Live JSON by the first decompressed bytes of a file.
import { openByteStream, type ByteInput } from './byte-stream.js';

export type BgpFormatName = 'mrt' | 'ris-live';

/** MRT types of RFC 6396 (and the historic BGP type 5) that can open a file. */
const MRT_TYPES = new Set([5, 11, 12, 13, 16, 17, 32, 33, 48, 49]);

export function detectBgpFormatFromHead(head: Uint8Array): BgpFormatName | null {
  const text = Buffer.from(head.subarray(0, 512)).toString('latin1');
  // RIS Live: the websocket envelope, or bare message objects with a collector host and BGP type.
  if (/^\s*\{/.test(text) && (/"type"\s*:\s*"ris_message"/.test(text) || (/"peer_asn"\s*:/.test(text) && /"host"\s*:\s*"rrc/.test(text)))) return 'ris-live';
  if (head.length >= 12) {
    const type = (head[4] as number) * 256 + (head[5] as number);
    const length = ((head[8] as number) << 24 | (head[9] as number) << 16 | (head[10] as number) << 8 | (head[11] as number)) >>> 0;
    if (MRT_TYPES.has(type) && length < 1 << 24) return 'mrt';
  }
  return null;
}

/** Decompresses (gzip/bzip2 by magic bytes) just enough of `input` to tell its format. */
export async function detectBgpFormat(input: ByteInput): Promise<BgpFormatName | null> {
  const stream = openByteStream(input);
  try {
    const first = await stream.next();
    return first.done ? null : detectBgpFormatFromHead(first.value);
  } catch {
    return null;
  } finally {
    await stream.return(undefined);
  }
}
