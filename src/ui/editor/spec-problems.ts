import { isMap, isNode, isScalar, isSeq, parseDocument, type Node, type YAMLMap } from 'yaml';
import type { SpecProblem } from '../../query/problems.ts';

/** A problem at a place in an editor's text, shown there as a lint diagnostic. */
export interface EditorProblem {
  from: number;
  to: number;
  message: string;
  severity: 'error' | 'warning';
}

type Range = [from: number, to: number];

/**
 * Where in the YAML each problem is: the value at its path (`analyze[0].compare.metric`), else
 * the nearest ancestor the text has, else the first line, so every problem is shown somewhere.
 */
export function problemRanges(yamlText: string, problems: SpecProblem[]): EditorProblem[] {
  // The options of parseQueryYAML, so this is the tree the problems were found in.
  const doc = parseDocument(yamlText, { schema: 'core', uniqueKeys: true });
  return problems.map((problem) => {
    const [from, to] = syntaxRange(yamlText, problem.path) ?? pathRange(yamlText, doc.contents, pathSteps(problem.path)) ?? firstLine(yamlText);
    return { from, to, message: `${problem.path}: ${problem.message}`, severity: 'error' };
  });
}

/** `analyze[0].compare.metric` → ['analyze', 0, 'compare', 'metric']. */
function pathSteps(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((match) => (match[2] === undefined ? match[1] : Number(match[2])));
}

function pathRange(text: string, root: unknown, steps: (string | number)[]): Range | null {
  let node: Node | null = isNode(root) ? root : null;
  let range: Range | null = null;
  for (let i = 0; i < steps.length && node; i++) {
    const step = steps[i];
    if (typeof step === 'number') {
      const item: unknown = isSeq(node) ? node.items[step] : undefined;
      node = isNode(item) ? item : null;
      range = (node && nodeRange(text, node)) ?? range;
      continue;
    }
    const entry = isMap(node) ? mapEntry(node, steps, i) : null;
    if (!entry) break;
    i = entry.last;
    node = isNode(entry.value) ? entry.value : null;
    // `group_by:` with nothing after it has no value to mark, so its key is marked instead.
    range = (node && nodeRange(text, node)) ?? nodeRange(text, entry.key) ?? range;
  }
  return range;
}

/** The entry for steps[start]; a key may hold dots itself (a metric `val.loss` under higher_is_better). */
function mapEntry(map: YAMLMap, steps: (string | number)[], start: number): { key: Node; value: unknown; last: number } | null {
  let name = '';
  for (let last = start; last < steps.length && typeof steps[last] === 'string'; last++) {
    name += (last > start ? '.' : '') + steps[last];
    const pair = map.items.find((item) => isScalar(item.key) && String(item.key.value) === name);
    if (pair && isNode(pair.key)) return { key: pair.key, value: pair.value, last };
  }
  return null;
}

/** The node's text without the line breaks a block collection ends with; null when it is empty. */
function nodeRange(text: string, node: Node): Range | null {
  if (!node.range) return null;
  const [from, end] = node.range;
  const to = from + text.slice(from, end).trimEnd().length;
  return to > from ? [from, to] : null;
}

/** A YAML syntax problem is at `line L, column C` (from 1): from there to the end of that line. */
function syntaxRange(text: string, path: string): Range | null {
  const match = /^line (\d+), column (\d+)$/.exec(path);
  if (!match) return null;
  const lines = text.split('\n');
  const line = Math.max(0, Math.min(Number(match[1]), lines.length) - 1);
  const lineStart = lines.slice(0, line).reduce((sum, l) => sum + l.length + 1, 0);
  const lineEnd = lineStart + lines[line].trimEnd().length;
  const from = Math.min(lineStart + Number(match[2]) - 1, lineEnd);
  return [from, lineEnd];
}

function firstLine(text: string): Range {
  const end = text.indexOf('\n');
  return [0, end === -1 ? text.length : end];
}
