/**
 * The notebook as a document: what a user writes (cells, names, sources), never data or results.
 * It is what autosave stores, what a .trialbook.json file holds and what a shared link will carry.
 */
export type CellKind = 'markdown' | 'sql' | 'query' | 'analysis' | 'chart';

export const CELL_KINDS: readonly CellKind[] = ['markdown', 'sql', 'query', 'analysis', 'chart'];

export interface Cell {
  /** Stable within a session (keys, focus); not saved: a file gets fresh ids when opened. */
  id: string;
  /** How other cells use this cell's result: `FROM per_trial`, `input: per_trial`. */
  name: string;
  kind: CellKind;
  /** Markdown text, SQL, or YAML (a query spec; an analysis or chart spec with `input:`). */
  source: string;
  collapsed: boolean;
}

export interface NotebookDocument {
  title: string;
  cells: Cell[];
}

let nextId = 0;

export function newCellId(): string {
  return `c${Date.now().toString(36)}${(nextId++).toString(36)}`;
}

export function makeCell(kind: CellKind, name: string, source: string, collapsed = false): Cell {
  return { id: newCellId(), name, kind, source, collapsed };
}
