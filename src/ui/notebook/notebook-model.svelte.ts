import { makeCell, newCellId, type Cell, type CellKind, type NotebookDocument } from '../../notebook/document.ts';
import { buildGraph, downstream } from '../../notebook/graph.ts';
import { notebookToJSON } from '../../notebook/file-format.ts';
import { freshName } from '../../notebook/names.ts';
import type { CellOutput } from '../../notebook/outputs.ts';
import { NotebookRunner, type CellInputs, type CellState } from '../../notebook/runner.ts';

export type ExecuteCell = (cell: Cell, inputs: CellInputs<CellOutput>, signal: AbortSignal) => Promise<CellOutput | null>;

/** What a new cell of each kind starts with: enough to show the syntax, valid where it can be. */
const STARTERS: Record<CellKind, (inputName: string | null) => string> = {
  markdown: () => '## Notes\n\nWhat this part of the analysis shows.',
  sql: (input) => (input ? `SELECT *\nFROM ${input}\nLIMIT 100` : 'SELECT *\nFROM runs\nLIMIT 100'),
  query: () => 'metrics: { names: [test_acc], level: results }\ngroup_by: [trial]\naggregate: [count, mean, ci95]\n',
  analysis: (input) => `input: ${input ?? 'per_trial'}\nstatistics: {}\n`,
  // Without mark and columns the chart is chosen from the input's shape; the menus beside it change it.
  chart: (input) => `input: ${input ?? 'per_trial'}\n`,
};

const INPUT_KINDS: Record<CellKind, CellKind[]> = { markdown: [], sql: ['sql', 'query'], query: [], analysis: ['query'], chart: ['sql', 'query', 'analysis'] };

const BASE_NAMES: Record<CellKind, string> = { markdown: 'notes', sql: 'sql', query: 'query', analysis: 'analysis', chart: 'chart' };

/**
 * The notebook on the page: its document (what autosave keeps) and each cell's run state. Edits
 * go through here so that renames and deletions drop the tables they leave behind.
 */
export class NotebookModel {
  doc = $state<NotebookDocument>({ title: 'Untitled notebook', cells: [] });
  states = $state.raw(new Map<string, CellState<CellOutput>>());
  /** The document as made from templates; null when it came from the user (a file, autosave, edits). */
  private pristine = $state<string | null>(null);
  readonly runner: NotebookRunner<CellOutput>;

  constructor(execute: ExecuteCell, private dropTable: (name: string) => void) {
    this.runner = new NotebookRunner<CellOutput>({
      cells: () => this.doc.cells,
      execute,
      changed: (id, state) => (this.states = new Map(this.states).set(id, state)),
    });
  }

  state(id: string): CellState<CellOutput> {
    return this.states.get(id) ?? this.runner.state(id);
  }

  /** Whether the user changed the notebook since it was made from templates: a new snapshot then keeps it. */
  get edited(): boolean {
    return this.pristine !== notebookToJSON(this.doc);
  }

  /** A different document (templates, a file, autosave): every result of the old one goes. */
  replace(doc: NotebookDocument, fromTemplates: boolean): void {
    this.runner.reset();
    for (const cell of this.doc.cells) this.dropTable(cell.name);
    for (const cell of this.doc.cells) this.runner.forget(cell.id);
    this.states = new Map();
    this.doc = doc;
    this.pristine = fromTemplates ? notebookToJSON(doc) : null;
  }

  /** The cell just added: it opens ready to type in (markdown starts in its editor). */
  added = $state<string | null>(null);

  add(kind: CellKind, at: number): Cell {
    // A new cell reads the nearest cell above it that it can read: SQL a table, an analysis a query.
    const readable = INPUT_KINDS[kind];
    const input = this.doc.cells.slice(0, at).reverse().find((cell) => readable.includes(cell.kind))?.name ?? null;
    const cell = makeCell(kind, freshName(BASE_NAMES[kind], this.names()), STARTERS[kind](input));
    this.doc.cells.splice(at, 0, cell);
    this.added = cell.id;
    return this.doc.cells[at];
  }

  remove(id: string): void {
    const index = this.indexOf(id);
    if (index < 0) return;
    const [cell] = this.doc.cells.splice(index, 1);
    this.runner.forget(id);
    this.dropTable(cell.name);
  }

  move(id: string, by: number): void {
    const from = this.indexOf(id);
    const to = from + by;
    if (from < 0 || to < 0 || to >= this.doc.cells.length) return;
    const [cell] = this.doc.cells.splice(from, 1);
    this.doc.cells.splice(to, 0, cell);
  }

  duplicate(id: string): Cell | null {
    const index = this.indexOf(id);
    if (index < 0) return null;
    const source = this.doc.cells[index];
    const copy = { ...$state.snapshot(source), id: newCellId(), name: freshName(`${source.name}_copy`, this.names()) };
    this.doc.cells.splice(index + 1, 0, copy);
    return this.doc.cells[index + 1];
  }

  /** Renames a cell and runs what read it under either name: they now read the new table or fail. */
  rename(id: string, name: string): void {
    const cell = this.doc.cells.find((each) => each.id === id);
    if (!cell || cell.name === name) return;
    const readers = downstream(buildGraph(this.doc.cells), [id]);
    this.dropTable(cell.name);
    cell.name = name;
    if (this.state(id).status !== 'idle') this.runner.run([...readers, ...downstream(buildGraph(this.doc.cells), [id])]);
  }

  run(id: string): Promise<void> {
    return this.runner.run([id]);
  }

  runAll(): Promise<void> {
    return this.runner.runAll();
  }

  cancel(id?: string): void {
    this.runner.cancel(id);
  }

  get running(): boolean {
    return [...this.states.values()].some((state) => state.status === 'running' || state.status === 'queued');
  }

  private names(): string[] {
    return this.doc.cells.map((cell) => cell.name);
  }

  private indexOf(id: string): number {
    return this.doc.cells.findIndex((cell) => cell.id === id);
  }
}
