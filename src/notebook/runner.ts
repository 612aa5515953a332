import type { Cell } from './document.ts';
import { buildGraph, downstream, type CellGraph } from './graph.ts';

export type CellStatus = 'idle' | 'queued' | 'running' | 'done' | 'error' | 'blocked' | 'cancelled';

export interface CellState<Output> {
  status: CellStatus;
  /**
   * The last successful run's output (null for markdown, and before the first success). A cell
   * that fails or waits keeps it, shown as out of date, so a typo does not blank the page.
   */
  output: Output | null;
  /** Why the cell failed (status error). */
  error: unknown;
  /** Why it did not run (status blocked or cancelled). */
  reason: string | null;
  /** The notebook-wide run counter when the cell last started, as Jupyter numbers its cells. */
  execution: number | null;
  /** The source the output was computed from: a cell edited since shows it is out of date. */
  ranSource: string | null;
  startedAt: number | null;
}

export type CellInputs<Output> = Map<string, { cell: Cell; output: Output }>;

export interface RunnerHooks<Output> {
  /** The cells as they are now: a run reads them again at every step, so edits during a run count. */
  cells(): readonly Cell[];
  execute(cell: Cell, inputs: CellInputs<Output>, signal: AbortSignal): Promise<Output | null>;
  changed(id: string, state: CellState<Output>): void;
}

export class CellProblemError extends Error {
  override name = 'CellProblemError';
}

const IDLE: CellState<never> = { status: 'idle', output: null, error: null, reason: null, execution: null, ranSource: null, startedAt: null };

/**
 * Runs cells in dependency order, one at a time (the engine runs one statement at a time anyway).
 * Asking to run a cell also runs what reads it, and what it reads that has no result yet; asking
 * again while it runs restarts it with the new source.
 */
export class NotebookRunner<Output> {
  private states = new Map<string, CellState<Output>>();
  private pending = new Set<string>();
  private current: { id: string; controller: AbortController } | null = null;
  private draining: Promise<void> | null = null;
  private executions = 0;

  constructor(private hooks: RunnerHooks<Output>) {}

  state(id: string): CellState<Output> {
    return this.states.get(id) ?? IDLE;
  }

  run(ids: Iterable<string>): Promise<void> {
    const graph = buildGraph(this.hooks.cells());
    for (const id of this.plan(graph, ids)) {
      this.pending.add(id);
      this.set(id, { status: 'queued', reason: null });
      if (this.current?.id === id) this.current.controller.abort();
    }
    this.draining ??= this.drain().finally(() => (this.draining = null));
    return this.draining;
  }

  runAll(): Promise<void> {
    return this.run(this.hooks.cells().map((cell) => cell.id));
  }

  /** Stops one cell (and what waits for it), or with no id everything queued and running. */
  cancel(id?: string): void {
    const cells = this.hooks.cells();
    const stopped = id === undefined ? [...this.pending, ...(this.current ? [this.current.id] : [])] : downstream(buildGraph(cells), [id]);
    for (const each of stopped) {
      const waiting = this.pending.delete(each);
      if (this.current?.id === each) this.current.controller.abort();
      else if (waiting) {
        const name = cells.find((cell) => cell.id === id)?.name;
        this.set(each, { status: 'cancelled', reason: each === id || id === undefined ? 'Cancelled before it ran.' : `Not run: ${name} was cancelled.` });
      }
    }
  }

  /** A deleted cell: its state goes, and a run of it stops. */
  forget(id: string): void {
    this.pending.delete(id);
    if (this.current?.id === id) this.current.controller.abort();
    this.states.delete(id);
  }

  /** A new snapshot: every result described the old one. */
  reset(): void {
    this.cancel();
    for (const id of [...this.states.keys()]) this.set(id, { ...IDLE });
  }

  /** The cells asked for, what reads them, and inputs (direct or not) that have no result yet. */
  private plan(graph: CellGraph, ids: Iterable<string>): string[] {
    const wanted = new Set(downstream(graph, ids));
    const visit = (id: string) => {
      for (const input of graph.inputs.get(id) ?? []) {
        if (wanted.has(input) || this.state(input).status === 'done') continue;
        wanted.add(input);
        visit(input);
      }
    };
    for (const id of [...wanted]) visit(id);
    return downstream(graph, wanted);
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0) {
      const cells = this.hooks.cells();
      const graph = buildGraph(cells);
      const id = graph.order.find((each) => this.pending.has(each));
      if (id === undefined) {
        this.pending.clear(); // the cells were deleted
        return;
      }
      this.pending.delete(id);
      await this.step(cells.find((cell) => cell.id === id)!, graph, cells);
    }
  }

  private async step(cell: Cell, graph: CellGraph, cells: readonly Cell[]): Promise<void> {
    const problem = graph.problems.get(cell.id);
    if (problem) {
      this.set(cell.id, { status: 'error', error: new CellProblemError(problem), ranSource: cell.source });
      return;
    }
    const inputs: CellInputs<Output> = new Map();
    for (const inputId of graph.inputs.get(cell.id) ?? []) {
      const input = cells.find((each) => each.id === inputId)!;
      const state = this.state(inputId);
      if (state.status !== 'done') {
        const why = { error: 'failed', blocked: 'could not run', cancelled: 'was cancelled' }[state.status as string] ?? 'has not run';
        this.set(cell.id, { status: 'blocked', reason: `Waiting for ${input.name}, which ${why}.` });
        return;
      }
      if (state.output !== null) inputs.set(input.name.toLowerCase(), { cell: input, output: state.output });
    }
    const controller = new AbortController();
    this.current = { id: cell.id, controller };
    this.set(cell.id, { status: 'running', execution: ++this.executions, startedAt: Date.now(), reason: null });
    try {
      const output = await this.hooks.execute(cell, inputs, controller.signal);
      if (controller.signal.aborted) throw new Error('cancelled');
      this.set(cell.id, { status: 'done', output, error: null, ranSource: cell.source });
    } catch (error) {
      if (!controller.signal.aborted) this.set(cell.id, { status: 'error', error, ranSource: cell.source });
      // Restarted (asked for again while it ran): it is queued; otherwise it was cancelled.
      else if (!this.pending.has(cell.id)) this.set(cell.id, { status: 'cancelled', reason: 'Cancelled while it ran.' });
    } finally {
      this.current = null;
    }
  }

  private set(id: string, patch: Partial<CellState<Output>>): void {
    const next = { ...this.state(id), ...patch };
    this.states.set(id, next);
    this.hooks.changed(id, next);
  }
}
