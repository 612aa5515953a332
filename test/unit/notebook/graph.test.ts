import { describe, expect, it } from 'vitest';
import { makeCell, type Cell, type CellKind } from '../../../src/notebook/document.ts';
import { buildGraph, downstream } from '../../../src/notebook/graph.ts';

function cell(name: string, kind: CellKind, source: string): Cell {
  return { ...makeCell(kind, name, source), id: name };
}
const sql = (name: string, source: string) => cell(name, 'sql', source);
const query = (name: string) => cell(name, 'query', 'metrics: { names: [test_acc] }');
const analysis = (name: string, input: string) => cell(name, 'analysis', `input: ${input}\ncompare: { by: trial }`);
const chart = (name: string, input: string) => cell(name, 'chart', `input: ${input}\nmark: line`);
const note = (name: string) => cell(name, 'markdown', '# per_trial from results');

describe('buildGraph', () => {
  it('orders every cell after the cells it reads, keeping document order otherwise', () => {
    // Written out of order on purpose: the chart comes first in the document.
    const cells = [chart('plot', 'best'), sql('best', 'SELECT * FROM per_trial WHERE mean > 0.5'), query('per_trial'), note('intro'), analysis('cmp', 'per_trial')];
    const graph = buildGraph(cells);
    expect(graph.order).toEqual(['per_trial', 'best', 'plot', 'intro', 'cmp']);
    expect(graph.inputs.get('best')).toEqual(['per_trial']);
    expect(graph.inputs.get('plot')).toEqual(['best']);
    expect(graph.inputs.get('intro')).toEqual([]);
    expect(graph.problems.size).toBe(0);
  });

  it('treats snapshot tables and unknown SQL tables as no dependency, but an unknown input as an error', () => {
    const graph = buildGraph([sql('a', 'SELECT * FROM runs JOIN metrics USING (run_id)'), sql('b', 'SELECT * FROM nowhere'), analysis('c', 'per_tria'), query('per_trial')]);
    expect(graph.inputs.get('a')).toEqual([]);
    expect(graph.problems.has('a')).toBe(false);
    expect(graph.problems.has('b')).toBe(false);
    expect(graph.problems.get('c')).toBe("input: no cell is named 'per_tria'; did you mean 'per_trial'?");
  });

  it('reports a cycle on every cell in it, naming the circle, and orders them in document order', () => {
    const graph = buildGraph([sql('a', 'SELECT * FROM b'), sql('b', 'SELECT * FROM c'), sql('c', 'SELECT * FROM a'), sql('d', 'SELECT * FROM a'), sql('e', 'SELECT 1')]);
    expect(graph.problems.get('a')).toMatch(/read each other in a circle: a → b → c → a|b → c → a → b|c → a → b → c/);
    expect(graph.problems.has('b')).toBe(true);
    expect(graph.problems.has('c')).toBe(true);
    // d only reads the cycle: it is blocked at run time, not itself an error.
    expect(graph.problems.has('d')).toBe(false);
    expect(graph.order).toEqual(['e', 'a', 'b', 'c', 'd']);
  });

  it('reports a cell that reads itself', () => {
    const graph = buildGraph([sql('a', 'SELECT * FROM a')]);
    expect(graph.problems.get('a')).toBe('these cells read each other in a circle: a → a; one of them must stop reading the next');
  });

  it('reports bad, reserved and duplicate names; references go to the first owner', () => {
    const graph = buildGraph([query('x'), query('X'), query('runs'), query('2nd'), query('select'), sql('y', 'SELECT * FROM x')]);
    expect(graph.problems.get('X')).toBe("the name 'X' is already used by cell 1; rename one of them");
    expect(graph.problems.get('runs')).toBe("'runs' is a snapshot table; choose another name (such as my_runs)");
    expect(graph.problems.get('2nd')).toMatch(/cannot be a cell name/);
    expect(graph.problems.get('select')).toMatch(/is an SQL word/);
    expect(graph.inputs.get('y')).toEqual(['x']);
  });
});

describe('downstream', () => {
  const cells = [query('q1'), query('q2'), analysis('a1', 'q1'), sql('s1', 'SELECT * FROM q1, q2'), chart('c1', 's1'), sql('s2', 'SELECT * FROM q2'), note('n')];
  const graph = buildGraph(cells);

  it('re-runs exactly the changed cell and what reads it, in dependency order', () => {
    expect(downstream(graph, ['q1'])).toEqual(['q1', 'a1', 's1', 'c1']);
    expect(downstream(graph, ['q2'])).toEqual(['q2', 's1', 'c1', 's2']);
    expect(downstream(graph, ['c1'])).toEqual(['c1']);
    expect(downstream(graph, ['n'])).toEqual(['n']);
  });

  it('follows a change made inside a cycle to every cell of it', () => {
    const cyclic = buildGraph([sql('a', 'SELECT * FROM c'), sql('b', 'SELECT * FROM a'), sql('c', 'SELECT * FROM b'), sql('d', 'SELECT 1')]);
    expect(downstream(cyclic, ['b'])).toEqual(['a', 'b', 'c']);
  });
});
