import type { CompletionSource } from '@codemirror/autocomplete';
import type { SchemaNames } from '../../app/session.ts';
import type { Cell } from '../../notebook/document.ts';
import { specInput } from '../../notebook/references.ts';
import type { Catalog } from '../../query/catalog.ts';
import { specCompletion } from '../editor/spec-completion.ts';
import { sqlCompletion } from '../editor/sql-completion.ts';

/** What each cell's editor completes, from the open snapshot and the notebook's other cells. */
export interface CellCompletions {
  catalog: Catalog | null;
  for(cell: Cell): CompletionSource[];
}

export function cellCompletions(schema: SchemaNames | null, cells: readonly Cell[], columnsOf: (cellName: string) => string[] | null): CellCompletions {
  const catalog = schema?.catalog ?? null;
  return {
    catalog,
    for(cell) {
      const others = cells.filter((other) => other.id !== cell.id);
      const cellNames = others.map((other) => other.name);
      if (cell.kind === 'markdown') return [];
      if (cell.kind === 'sql') {
        const tables: Record<string, string[]> = { ...schema?.tables };
        for (const name of cellNames) tables[name] ??= columnsOf(name) ?? [];
        return sqlCompletion({ tables, metricNames: [...new Set(catalog?.metrics.map((metric) => metric.name) ?? [])] });
      }
      const input = specInput(cell.source);
      return [specCompletion({ kind: cell.kind, catalog, cellNames, columns: input ? (columnsOf(input) ?? undefined) : undefined })];
    },
  };
}
