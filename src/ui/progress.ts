import type { HostedReport } from '../ingest/hosted.ts';
import type { LoadProgress } from '../ingest/load.ts';
import { formatBytes, formatCount, plural } from './format.ts';

/** Every step the page can be busy with, from starting the engine to building tables. */
export type ShellProgress =
  | { kind: 'engine' }
  /** Asking a host for a file's first bytes, which decide whether it is read by range requests. */
  | { kind: 'probe'; name: string; index: number; count: number }
  /** `whole`: why a Parquet file is downloaded whole instead of read by range requests. */
  | { kind: 'download'; name: string; bytesDone: number; bytesTotal?: number; index: number; count: number; whole?: string }
  | { kind: 'read'; names: string[] }
  | { kind: 'load'; progress: LoadProgress };

/** What the progress bar shows: a sentence, and a fraction when one is known. */
export interface ProgressView {
  text: string;
  value?: number;
  max?: number;
}

const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1);
/** " (2 of 3)" when several files are fetched. */
const which = (step: { index: number; count: number }) => (step.count > 1 ? ` (${step.index + 1} of ${step.count})` : '');

export function describeProgress(step: ShellProgress): ProgressView {
  switch (step.kind) {
    case 'engine':
      return { text: 'Starting the query engine…' };
    case 'probe':
      return { text: `Opening ${step.name}${which(step)}…` };
    case 'download': {
      const what = step.whole ? `${step.whole}: downloading ${step.name}${which(step)} whole` : `Downloading ${step.name}${which(step)}`;
      // A length that the bytes outgrow was not the file's (a proxy compressed it): show bytes only.
      if (step.bytesTotal && step.bytesDone <= step.bytesTotal) {
        return { text: `${what}: ${megabytes(step.bytesDone)} / ${megabytes(step.bytesTotal)} MB`, value: step.bytesDone, max: step.bytesTotal };
      }
      return { text: `${what}: ${formatBytes(step.bytesDone)}` };
    }
    case 'read':
      return { text: `Reading ${step.names.join(', ')}…` };
    case 'load':
      return describeLoad(step.progress);
  }
}

function describeLoad(progress: LoadProgress): ProgressView {
  switch (progress.phase) {
    case 'extracting': {
      const { ranged } = progress;
      if (ranged) {
        return {
          text: `Reading ${ranged.file} by range requests: ${megabytes(ranged.bytesRead)} of the ${megabytes(ranged.bytesNeeded)} MB needed (the file has ${formatBytes(ranged.size)})`,
          value: ranged.bytesRead,
          max: Math.max(ranged.bytesNeeded, 1),
        };
      }
      if (progress.table && progress.rowsTotal !== undefined) {
        const done = progress.rowsDone ?? 0;
        return {
          text: `Reading ${progress.table}: ${formatCount(done)} / ${formatCount(progress.rowsTotal)} rows`,
          value: done,
          max: Math.max(progress.rowsTotal, 1),
        };
      }
      return { text: 'Reading the snapshot…' };
    }
    case 'building':
      return { text: 'Building the experiments, runs and metrics tables…' };
    case 'done':
      return { text: 'Done', value: 1, max: 1 };
  }
}

/** The overview's line on how a hosted Parquet file was read. */
export function describeHosted(report: HostedReport): string {
  if (report.read === 'whole') return `${report.because}, so the whole of ${report.file} (${formatBytes(report.size)}) was downloaded.`;
  return `Read ${formatBytes(report.bytesRead)} of ${report.file}’s ${formatBytes(report.size)} by range requests (${plural(report.requests, 'request')}).`;
}
