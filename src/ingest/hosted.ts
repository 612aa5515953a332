import type { NamedFile } from './parquet.ts';

/** A file opened from an address (?data=): where it is, and how its bytes reach the reader. */
export type Hosted =
  /** Left on its host: the file's `bytes` are only its first ones; the reader fetches the byte ranges it needs. */
  | { url: string; size: number; read: 'ranges' }
  /** A Parquet file downloaded whole, and why ranges could not be used (the overview says it). */
  | { url: string; size: number; read: 'whole'; because: string };

/** A hosted file read by ranges: the bytes fetched so far, of those its tables need, in how many requests. */
export interface RangeStats {
  file: string;
  size: number;
  bytesRead: number;
  bytesNeeded: number;
  requests: number;
}

/** How a hosted Parquet file was read, for the load's report. */
export type HostedReport = (RangeStats & { read: 'ranges' }) | { file: string; size: number; read: 'whole'; because: string };

export const readByRanges = (file: NamedFile): file is NamedFile & { hosted: Hosted & { read: 'ranges' } } => file.hosted?.read === 'ranges';

/** The file's size, also for one whose bytes stayed on its host. */
export const fileSize = (file: NamedFile): number => file.hosted?.size ?? file.bytes.length;

export function hostedReports(files: NamedFile[], ranged: RangeStats[]): HostedReport[] {
  return files.flatMap((file): HostedReport[] => {
    if (file.hosted?.read === 'whole') return [{ file: file.name, size: file.hosted.size, read: 'whole', because: file.hosted.because }];
    const stats = readByRanges(file) ? ranged.find((candidate) => candidate.file === file.name) : undefined;
    return stats ? [{ ...stats, read: 'ranges' }] : [];
  });
}
