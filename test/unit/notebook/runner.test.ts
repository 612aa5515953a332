import { describe, expect, it } from 'vitest';
import type { Cell, CellKind } from '../../../src/notebook/document.ts';
import { NotebookRunner } from '../../../src/notebook/runner.ts';

function cell(name: string, kind: CellKind, source: string): Cell {
  return { id: name, name, kind, source, collapsed: false };
}

/** A notebook whose cells "compute" their names joined with their inputs' outputs. */
function notebook(cells: Cell[], fail = new Set<string>()) {
  const executed: string[] = [];
  const gates = new Map<string, () => void>();
  const slow = new Set<string>();
  const runner = new NotebookRunner<string>({
    cells: () => cells,
    async execute(each, inputs, signal) {
      executed.push(each.name);
      if (slow.has(each.name)) {
        await new Promise<void>((resolve, reject) => {
          gates.set(each.name, resolve);
          signal.addEventListener('abort', () => reject(new Error('aborted')));
        });
      }
      if (fail.has(each.name)) throw new Error(`${each.name} broke`);
      return [each.name, ...[...inputs.values()].map((input) => `(${input.output})`)].join('');
    },
    changed: () => {},
  });
  return { runner, executed, slow, gates };
}

const cells = () => [
  cell('q', 'query', 'metrics: { names: [test_acc] }'),
  cell('a', 'analysis', 'input: q\ncompare: {}'),
  cell('s', 'sql', 'SELECT * FROM q'),
  cell('c', 'chart', 'input: s\nmark: line'),
  cell('other', 'sql', 'SELECT 1'),
];

describe('NotebookRunner', () => {
  it('runs everything in dependency order, giving each cell its inputs', async () => {
    const { runner, executed } = notebook(cells());
    await runner.runAll();
    expect(executed).toEqual(['q', 'a', 's', 'c', 'other']);
    expect(runner.state('c').output).toBe('c(s(q))');
    expect(runner.state('c').execution).toBe(4);
  });

  it('re-runs a changed cell and exactly what depends on it', async () => {
    const { runner, executed } = notebook(cells());
    await runner.runAll();
    executed.length = 0;
    await runner.run(['s']);
    expect(executed).toEqual(['s', 'c']);
    expect(runner.state('q').execution).toBe(1);
    expect(runner.state('s').execution).toBe(6);
  });

  it('runs the inputs a cell needs that have no result yet, and what else reads them', async () => {
    const { runner, executed } = notebook(cells());
    await runner.run(['c']);
    expect(executed).toEqual(['q', 'a', 's', 'c']);
    expect(runner.state('other').status).toBe('idle');
  });

  it('keeps the others working when one cell fails, and blocks what reads it; both keep their last output', async () => {
    const failing = new Set<string>();
    const { runner } = notebook(cells(), failing);
    await runner.runAll();
    failing.add('s');
    await runner.runAll();
    expect(runner.state('s').output).toBe('s(q)');
    expect(runner.state('c').output).toBe('c(s(q))');
    expect(runner.state('s').status).toBe('error');
    expect((runner.state('s').error as Error).message).toBe('s broke');
    expect(runner.state('c')).toMatchObject({ status: 'blocked', reason: 'Waiting for s, which failed.' });
    expect(runner.state('a').status).toBe('done');
    expect(runner.state('other').status).toBe('done');
  });

  it('reports a graph problem on its cell without running it', async () => {
    const list = [cell('x', 'sql', 'SELECT * FROM y'), cell('y', 'sql', 'SELECT * FROM x'), cell('z', 'chart', 'input: nope')];
    const { runner, executed } = notebook(list);
    await runner.runAll();
    expect(executed).toEqual([]);
    expect((runner.state('x').error as Error).message).toMatch(/circle: x → y → x/);
    expect((runner.state('z').error as Error).message).toBe("input: no cell is named 'nope'; the cells are x, y, z");
  });

  it('cancels a running cell and what waits for it; the rest of the run goes on', async () => {
    const { runner, executed, slow } = notebook(cells());
    slow.add('s');
    const done = runner.runAll();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(runner.state('s').status).toBe('running');
    runner.cancel('s');
    await done;
    expect(runner.state('s')).toMatchObject({ status: 'cancelled', reason: 'Cancelled while it ran.' });
    expect(runner.state('c')).toMatchObject({ status: 'cancelled', reason: 'Not run: s was cancelled.' });
    expect(runner.state('other').status).toBe('done');
    expect(executed).toEqual(['q', 'a', 's', 'other']);
  });

  it('restarts a running cell that is asked for again', async () => {
    const list = cells();
    const { runner, executed, slow, gates } = notebook(list);
    slow.add('q');
    const first = runner.run(['q']);
    await new Promise((resolve) => setTimeout(resolve, 5));
    slow.delete('q');
    list[0].source = 'metrics: { names: [val_loss] }';
    const second = runner.run(['q']);
    await Promise.all([first, second]);
    expect(gates.has('q')).toBe(true);
    expect(executed.filter((name) => name === 'q')).toHaveLength(2);
    expect(runner.state('q')).toMatchObject({ status: 'done', ranSource: 'metrics: { names: [val_loss] }' });
  });
});
