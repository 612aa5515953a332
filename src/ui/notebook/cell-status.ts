import type { CellOutput } from '../../notebook/outputs.ts';
import type { CellState } from '../../notebook/runner.ts';
import { formatMilliseconds } from '../format.ts';

/** One line on a cell saying where it stands: its run number (as Jupyter's [n]), and how it went. */
export function cellStatusText(state: CellState<CellOutput>, edited: boolean, elapsedMs: number, markdown: boolean): string {
  // Text has nothing to report but a problem (a taken name, say).
  if (markdown) return state.status === 'error' ? 'Cannot render' : '';
  const run = state.execution === null ? '' : `[${state.execution}] `;
  const since = edited ? ' · edited since; Shift+Enter runs it' : '';
  switch (state.status) {
    case 'idle':
      return 'Not run yet';
    case 'queued':
      return `${run}Waiting to run`;
    case 'running':
      return `${run}Running… ${formatMilliseconds(elapsedMs)}`;
    case 'done':
      return `${run}Done${state.output ? ` in ${formatMilliseconds(state.output.ms)}` : ''}${since}`;
    case 'error':
      return `${run}Failed${since}`;
    case 'blocked':
    case 'cancelled':
      return `${run}${state.reason ?? 'Not run'}`;
  }
}
