import { parse } from 'yaml';
import type { Cell } from './document.ts';
import { sqlTableReferences } from './sql-references.ts';

export interface CellReferences {
  /** Names the cell reads, as written. */
  names: string[];
  /**
   * Whether each name must be a cell (`input:` can only name a cell); a SQL table name may also
   * be a snapshot table, so one that is no cell's name is left for DuckDB to resolve.
   */
  cellsOnly: boolean;
}

export function cellReferences(cell: Pick<Cell, 'kind' | 'source'>): CellReferences {
  if (cell.kind === 'sql') return { names: sqlTableReferences(cell.source), cellsOnly: false };
  if (cell.kind === 'analysis' || cell.kind === 'chart') {
    const input = specInput(cell.source);
    return { names: input ? [input] : [], cellsOnly: true };
  }
  return { names: [], cellsOnly: true };
}

/** The `input:` of an analysis or chart spec; null when absent or unreadable (the run reports why). */
export function specInput(source: string): string | null {
  try {
    const value = parse(source, { schema: 'core' }) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const input = (value as Record<string, unknown>).input;
      if (typeof input === 'string' && input.trim()) return input.trim();
    }
  } catch {
    // unreadable YAML: no references; running the cell reports the syntax error
  }
  return null;
}
