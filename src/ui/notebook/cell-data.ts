import type { Table } from 'apache-arrow';
import { getContext, setContext } from 'svelte';
import type { CurveSource } from '../../notebook/outputs.ts';

/** What a cell's view may ask the page's engine for after the cell ran: downloads and chart re-queries. */
export interface CellData {
  /** Every row of a SQL or query cell's stored table (`cells.<name>`). */
  cellTable(name: string): Promise<Table>;
  /** A per-run curve chart's points reduced to its width (M4), optionally over a zoomed epoch range. */
  curvePoints(source: CurveSource, options: { width: number; x0?: number; x1?: number }): Promise<Table>;
}

const KEY = Symbol('cell-data');

export function provideCellData(data: CellData): void {
  setContext(KEY, data);
}

export function cellData(): CellData {
  const data = getContext<CellData | undefined>(KEY);
  if (!data) throw new Error('cellData() needs provideCellData() in an ancestor component');
  return data;
}
