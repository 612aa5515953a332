import type { LoadProgress } from '../ingest/load.ts';
import { formatBytes, formatCount } from './format.ts';

/** Every step the page can be busy with, from starting the engine to building tables. */
export type ShellProgress =
  | { kind: 'engine' }
  | { kind: 'download'; name: string; bytesDone: number; bytesTotal?: number; index: number; count: number }
  | { kind: 'read'; names: string[] }
  | { kind: 'load'; progress: LoadProgress };

/** What the progress bar shows: a sentence, and a fraction when one is known. */
export interface ProgressView {
  text: string;
  value?: number;
  max?: number;
}

const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1);

export function describeProgress(step: ShellProgress): ProgressView {
  switch (step.kind) {
    case 'engine':
      return { text: 'Starting the query engine…' };
    case 'download': {
      const which = step.count > 1 ? ` (${step.index + 1} of ${step.count})` : '';
      // A length that the bytes outgrow was not the file's (a proxy compressed it): show bytes only.
      if (step.bytesTotal && step.bytesDone <= step.bytesTotal) {
        return {
          text: `Downloading ${step.name}${which}: ${megabytes(step.bytesDone)} / ${megabytes(step.bytesTotal)} MB`,
          value: step.bytesDone,
          max: step.bytesTotal,
        };
      }
      return { text: `Downloading ${step.name}${which}: ${formatBytes(step.bytesDone)}` };
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
