/** A span of a file: bytes [start, end). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The ranges sorted and merged where they overlap or lie closer than `gap` bytes: reading a small
 * gap costs less than another request's round trip.
 */
export function coalesceRanges(ranges: ByteRange[], gap: number): ByteRange[] {
  const merged: ByteRange[] = [];
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && range.start - last.end <= gap) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

export const rangeBytes = (ranges: ByteRange[]) => ranges.reduce((sum, range) => sum + range.end - range.start, 0);

/** Fetched spans of a file, from which any range inside one span is served. */
export class ByteStore {
  private spans: { start: number; bytes: Uint8Array }[] = [];

  add(start: number, bytes: Uint8Array): void {
    this.spans.push({ start, bytes });
  }

  /** Bytes [start, end) when one span holds all of them. */
  get(start: number, end: number): Uint8Array | undefined {
    const span = this.spans.find((candidate) => candidate.start <= start && end <= candidate.start + candidate.bytes.length);
    return span?.bytes.subarray(start - span.start, end - span.start);
  }
}
