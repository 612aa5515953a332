import { didYouMean } from '../query/suggest.ts';
import type { Cell } from './document.ts';
import { nameProblem } from './names.ts';
import { cellReferences } from './references.ts';

/** Which cells read which, and what stops a cell from running before it even starts. */
export interface CellGraph {
  /** Every cell id, each after the cells it reads; ties (and cells in a cycle) in document order. */
  order: string[];
  /** Cell id → the ids of the cells it reads. */
  inputs: Map<string, string[]>;
  /** Cell id → why it cannot run: a bad or taken name, an input that is no cell, a cycle. */
  problems: Map<string, string>;
}

export function buildGraph(cells: readonly Cell[]): CellGraph {
  const problems = new Map<string, string>();
  const byName = new Map<string, Cell>();
  for (const cell of cells) {
    const bad = nameProblem(cell.name);
    const key = cell.name.toLowerCase();
    const owner = byName.get(key);
    if (bad) problems.set(cell.id, bad);
    else if (owner) problems.set(cell.id, `the name '${cell.name}' is already used by cell ${cells.indexOf(owner) + 1}; rename one of them`);
    else byName.set(key, cell);
  }

  const inputs = new Map<string, string[]>();
  for (const cell of cells) {
    const { names, cellsOnly } = cellReferences(cell);
    const read: string[] = [];
    for (const name of names) {
      const source = byName.get(name.toLowerCase());
      if (source) read.push(source.id);
      else if (cellsOnly && !problems.has(cell.id)) problems.set(cell.id, `input: no cell is named '${name}'${suggestion(name, [...byName.values()].map((c) => c.name))}`);
    }
    inputs.set(cell.id, [...new Set(read)]);
  }

  const order = topologicalOrder(cells, inputs);
  for (const cycle of cycles(cells, inputs)) {
    const names = cycle.map((id) => cells.find((cell) => cell.id === id)!.name);
    for (const id of cycle) if (!problems.has(id)) problems.set(id, `these cells read each other in a circle: ${[...names, names[0]].join(' → ')}; one of them must stop reading the next`);
  }
  return { order, inputs, problems };
}

/** The given cells and every cell that reads them, directly or not, in run order. */
export function downstream(graph: CellGraph, ids: Iterable<string>): string[] {
  const marked = new Set(ids);
  for (const id of graph.order) {
    if (graph.inputs.get(id)?.some((input) => marked.has(input))) marked.add(id);
  }
  // Cycles: a cell earlier in the order may read one marked later; repeat until nothing changes.
  for (let grew = true; grew; ) {
    grew = false;
    for (const id of graph.order) {
      if (!marked.has(id) && graph.inputs.get(id)?.some((input) => marked.has(input))) {
        marked.add(id);
        grew = true;
      }
    }
  }
  return graph.order.filter((id) => marked.has(id));
}

/** Kahn's algorithm, always taking the first ready cell in document order. */
function topologicalOrder(cells: readonly Cell[], inputs: Map<string, string[]>): string[] {
  const done = new Set<string>();
  const order: string[] = [];
  while (order.length < cells.length) {
    const ready = cells.find((cell) => !done.has(cell.id) && inputs.get(cell.id)!.every((id) => done.has(id)));
    if (!ready) break;
    done.add(ready.id);
    order.push(ready.id);
  }
  // What is left sits in a cycle or reads one: document order.
  for (const cell of cells) if (!done.has(cell.id)) order.push(cell.id);
  return order;
}

/** Strongly connected components with more than one cell, or a cell reading itself (Tarjan). */
function cycles(cells: readonly Cell[], inputs: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (id: string) => {
    index.set(id, counter);
    low.set(id, counter++);
    stack.push(id);
    onStack.add(id);
    for (const next of inputs.get(id) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(id, Math.min(low.get(id)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(id, Math.min(low.get(id)!, index.get(next)!));
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      if (component.length > 1 || inputs.get(id)!.includes(id)) found.push(component.reverse());
    }
  };
  for (const cell of cells) if (!index.has(cell.id)) visit(cell.id);
  return found;
}

function suggestion(name: string, names: string[]): string {
  return didYouMean(name, names) || (names.length ? `; the cells are ${names.join(', ')}` : '');
}
