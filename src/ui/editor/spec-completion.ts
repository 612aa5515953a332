import type { Completion, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import { CHART_KEYS, CHART_MARKS, CHART_SCALES } from '../../notebook/chart-spec.ts';
import type { Catalog } from '../../query/catalog.ts';
import { GROUP_KEYS, LEVELS, OUTLIER_METHODS, OUTLIER_PARTITIONS, PER_RUN_SUMMARIES, SIMPLE_AGGREGATES, type QuerySpec } from '../../query/spec.ts';
import { STATUSES } from '../../snapshot/overview.ts';
import { PROCESSORS } from '../../stats/registry.ts';

/** What a YAML cell's completion can offer: its kind's fields, the snapshot's names, other cells. */
export interface SpecCompletionContext {
  kind: 'query' | 'analysis' | 'chart';
  catalog: Catalog | null;
  cellNames: string[];
  /** The input cell's result columns, for a chart's x, y, color and facet. */
  columns?: string[];
}


/** The keys of T in the order given; the compiler checks that none is missing and none is extra. */
function keysOf<T>(keys: Record<keyof NonNullable<T>, true>): string[] {
  return Object.keys(keys);
}

// The order of canonicalSpec (builder.ts), so completion lists fields as a saved spec has them.
const QUERY_FIELDS: Record<string, string[]> = {
  '': keysOf<QuerySpec>({
    title: true, description: true, experiments: true, trials: true, runs: true, metrics: true, per_run: true,
    exclude_outliers: true, group_by: true, aggregate: true, order_by: true, limit: true, analyze: true,
  }),
  experiments: keysOf<QuerySpec['experiments']>({ ids: true, names: true, started: true }),
  'experiments.started': keysOf<NonNullable<QuerySpec['experiments']>['started']>({ from: true, to: true }),
  trials: keysOf<QuerySpec['trials']>({ ids: true, names: true, exclude: true }),
  runs: keysOf<QuerySpec['runs']>({ ids: true, status: true }),
  metrics: keysOf<QuerySpec['metrics']>({ names: true, level: true, higher_is_better: true }),
  per_run: ['epoch'],
  exclude_outliers: keysOf<QuerySpec['exclude_outliers']>({ metric: true, method: true, threshold: true, lower: true, upper: true, within: true }),
  aggregate: ['ci'],
};

// As resolveAggregates (validate.ts) suggests them; any pNN and ciNN is accepted too.
const AGGREGATES = [...SIMPLE_AGGREGATES, 'p25', 'p75', 'ci95', 'ci99'];

/**
 * Completion at `pos` in a YAML cell. The context is read from the text alone: the current line
 * (a key being typed, or a value after `key:`, maybe inside `[…]` or `{…}`) and the keys of the
 * lines above it with less indentation, so half-written YAML that does not parse still completes.
 */
export function completeSpec(text: string, pos: number, context: SpecCompletionContext): CompletionResult | null {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const before = text.slice(lineStart, pos);
  const lead = /^(\s*)(-\s+)?/.exec(before)!;
  const parents = blockPath(text.slice(0, Math.max(0, lineStart - 1)).split('\n'), lead[1].length, lead[2] !== undefined);
  const content = before.slice(lead[0].length);
  const key = /^(?:'([^']*)'|"([^"]*)"|([^\s#{}[\],'"][^#{}[\],]*?))\s*:\s+/.exec(content);
  const spot = key
    ? scanFlow(content.slice(key[0].length), [...parents, key[1] ?? key[2] ?? key[3].trim()], 'value')
    : scanFlow(content, parents, lead[2] !== undefined ? 'item' : 'key');
  if (!spot) return null;
  const from = lineStart + lead[0].length + (key ? key[0].length : 0) + spot.offset;
  const after = text.slice(pos);
  const to = pos + /^[^\s,[\]{}:'"#]*/.exec(after)![0].length;
  const wantsKey = spot.want === 'key' || (spot.want === 'item' && !valuesAt(spot.path, context).length);
  const options = wantsKey
    ? keysAt(spot.path, context).map((option) => asKey(option, spot.quoted, /^[^\s:]*\s*:/.test(after)))
    : valuesAt(spot.path, context).map((option) => asValue(option, spot.quoted));
  return options.length ? { from, to, options } : null;
}

/** The CodeMirror side: the editor's text and caret in, completeSpec's answer out. */
export function specCompletion(context: SpecCompletionContext): CompletionSource {
  return (cm) => {
    const result = completeSpec(cm.state.doc.toString(), cm.pos, context);
    if (!result || result.from < cm.pos || cm.explicit) return result;
    // With nothing typed yet the list opens by itself only where a value or item starts
    // (`key: `, `[`, `,`, `- `); elsewhere Ctrl+Space asks for it, so indenting stays quiet.
    return /(?:^\s*-\s|:\s|[[{,]\s?)$/.test(cm.state.sliceDoc(cm.state.doc.lineAt(cm.pos).from, cm.pos)) ? result : null;
  };
}

interface Spot {
  /** The keys down to the mapping or list the caret is in; list positions are left out. */
  path: string[];
  /** 'item': a list entry, which is a value where the list holds values and a key otherwise. */
  want: 'key' | 'value' | 'item';
  /** Where the word being typed starts, in the scanned text. */
  offset: number;
  quoted: boolean;
}

/**
 * Follows the flow collections (`{ metric: x, by: [trial, ` …) of the text before the caret.
 * Null inside a comment.
 */
function scanFlow(text: string, base: string[], start: Spot['want']): Spot | null {
  const stack: { kind: 'map' | 'seq'; path: string[]; key: string | null }[] = [];
  const here = (): string[] => {
    const top = stack.at(-1);
    if (!top) return base;
    return top.kind === 'map' && top.key !== null ? [...top.path, top.key] : top.path;
  };
  let token = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if ((char === "'" || char === '"') && text.slice(token, i).trim() === '') {
      const close = text.indexOf(char, i + 1);
      if (close === -1) return spot(stack.at(-1), here(), start, i + 1, true);
      i = close;
    } else if (char === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      return null;
    } else if (char === '{' || char === '[') {
      stack.push({ kind: char === '{' ? 'map' : 'seq', path: here(), key: null });
      token = i + 1;
    } else if (char === '}' || char === ']') {
      stack.pop();
      token = i + 1;
    } else if (char === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'map') top.key = null;
      token = i + 1;
    } else if (char === ':' && /\s/.test(text[i + 1] ?? '') && stack.at(-1)?.kind === 'map' && stack.at(-1)!.key === null) {
      stack.at(-1)!.key = text.slice(token, i).trim().replace(/^(['"])(.*)\1$/, '$2');
      token = i + 1;
    }
  }
  const typed = text.slice(token);
  return spot(stack.at(-1), here(), start, token + typed.length - typed.trimStart().length, false);
}

function spot(top: { kind: 'map' | 'seq'; key: string | null } | undefined, path: string[], start: Spot['want'], offset: number, quoted: boolean): Spot {
  const want = !top ? start : top.kind === 'seq' || top.key !== null ? 'value' : 'key';
  return { path, want, offset, quoted };
}

/** The keys of the block lines that enclose a line indented by `indent` (at a `- ` item if `dash`). */
function blockPath(lines: string[], indent: number, dash: boolean): string[] {
  const path: string[] = [];
  let limit = indent;
  // An item's list may sit at its key's own indentation (`analyze:` then `- compare:`).
  let atItem = dash;
  for (let i = lines.length - 1; i >= 0 && (limit > 0 || atItem); i--) {
    const line = blockLine(lines[i]);
    if (!line) continue;
    if (line.key !== null && (line.keyColumn < limit || (atItem && line.keyColumn === limit && !line.dash && line.open))) {
      path.unshift(line.key);
      limit = line.dash ? line.dashColumn : line.keyColumn;
      atItem = line.dash;
    } else if (line.dash && line.dashColumn < limit) {
      // A sibling key in the mapping this item starts: the item's parent comes next.
      limit = line.dashColumn;
      atItem = true;
    }
  }
  return path;
}

function blockLine(text: string): { key: string | null; keyColumn: number; dash: boolean; dashColumn: number; open: boolean } | null {
  const lead = /^(\s*)(-(?:\s+|$))?/.exec(text)!;
  const rest = text.slice(lead[0].length);
  if ((!rest || rest.startsWith('#')) && !lead[2]) return null;
  const key = /^(?:'([^']*)'|"([^"]*)"|([^\s#{}[\],'"][^#{}[\],]*?))\s*:(?:\s+(.*))?$/.exec(rest);
  return {
    key: key ? key[1] ?? key[2] ?? key[3].trim() : null,
    keyColumn: lead[0].length,
    dash: lead[2] !== undefined,
    dashColumn: lead[1].length,
    open: !!key && (key[4] ?? '').replace(/(^|\s)#.*$/, '').trim() === '',
  };
}

function keysAt(path: string[], context: SpecCompletionContext): Completion[] {
  const at = path.join('.');
  if (context.kind === 'chart') return at === '' ? fields(CHART_KEYS) : [];
  if (context.kind === 'analysis') return at === '' ? [...fields(['input']), ...processors()] : [];
  if (at === 'analyze') return processors();
  if (at === 'metrics.higher_is_better') return metricNames(context.catalog);
  return fields(QUERY_FIELDS[at] ?? []);
}

function valuesAt(path: string[], context: SpecCompletionContext): Completion[] {
  const { catalog } = context;
  const last = path.at(-1) ?? '';
  const processorOption = path.length === (context.kind === 'query' ? 3 : 2) && Object.hasOwn(PROCESSORS, path.at(-2)!);
  if (processorOption && (last === 'metric' || last.endsWith('_metric'))) return metricNames(catalog);
  if (processorOption && last === 'by') return names(['experiment', 'trial', 'status', ...(catalog?.params ?? []).map((key) => `param:${key}`)], 'enum');
  if (context.kind !== 'query') {
    if (path.length !== 1) return [];
    if (last === 'input') return names(context.cellNames, 'variable');
    if (context.kind === 'chart' && last === 'mark') return names(CHART_MARKS, 'enum');
    if (context.kind === 'chart' && ['x', 'y', 'low', 'high', 'color', 'facet'].includes(last)) return names(context.columns ?? [], 'variable');
    if (context.kind === 'chart' && (last === 'x_scale' || last === 'y_scale')) return names(CHART_SCALES, 'enum');
    if (context.kind === 'chart' && last === 'metric') return metricNames(catalog);
    return [];
  }
  switch (path.join('.')) {
    case 'experiments.names': return names((catalog?.experiments ?? []).map((e) => e.title), 'constant');
    case 'experiments.ids': return (catalog?.experiments ?? []).map((e) => ({ label: String(e.id), detail: e.title, type: 'constant' }));
    case 'trials.names':
    case 'trials.exclude': return names((catalog?.trials ?? []).map((t) => t.name), 'constant');
    case 'trials.ids': return (catalog?.trials ?? []).map((t) => ({ label: String(t.id), detail: t.name, type: 'constant' }));
    case 'runs.status': return names([...STATUSES, 'any'], 'enum');
    case 'metrics.names':
    case 'exclude_outliers.metric': return metricNames(catalog);
    case 'metrics.level': return names(LEVELS, 'enum');
    case 'metrics.higher_is_better': return names(['true', 'false'], 'keyword');
    case 'per_run': return names(PER_RUN_SUMMARIES, 'enum');
    case 'exclude_outliers.method': return names(OUTLIER_METHODS, 'enum');
    case 'exclude_outliers.within': return names(OUTLIER_PARTITIONS, 'enum');
    case 'group_by': return names([...GROUP_KEYS, ...(catalog?.params ?? []).map((key) => `param:${key}`)], 'enum');
    case 'aggregate': return names(AGGREGATES, 'enum');
  }
  return path.length === 3 && path[0] === 'metrics' && path[1] === 'higher_is_better' ? names(['true', 'false'], 'keyword') : [];
}

function fields(keys: readonly string[]): Completion[] {
  return keys.map((label) => ({ label, type: 'property' }));
}

function processors(): Completion[] {
  return Object.keys(PROCESSORS).map((label) => ({ label, type: 'function', detail: 'processor' }));
}

/** Each name once, with the levels it is recorded at (`loss` is epoch and batch). */
function metricNames(catalog: Catalog | null): Completion[] {
  const levels = new Map<string, string[]>();
  for (const metric of catalog?.metrics ?? []) levels.set(metric.name, [...(levels.get(metric.name) ?? []), metric.level]);
  return [...levels].map(([label, at]) => ({ label, detail: at.join(', '), type: 'constant' }));
}

function names(list: readonly string[], type: string): Completion[] {
  return [...new Set(list)].map((label) => ({ label, type }));
}

function asKey(option: Completion, quoted: boolean, colonFollows: boolean): Completion {
  return quoted || colonFollows ? option : { ...option, apply: `${yamlScalar(option.label)}: ` };
}

function asValue(option: Completion, quoted: boolean): Completion {
  const plain = yamlScalar(option.label);
  return quoted || plain === option.label ? option : { ...option, apply: plain };
}

/** A name as YAML reads it back as the same text: quoted when it would be read as syntax. */
function yamlScalar(name: string): string {
  const plain = /^[^\s\-?:,[\]{}#&*!|>'"%@`][^,[\]{}]*$/.test(name) && !/:\s|\s#|:$|\s$/.test(name);
  return plain ? name : `'${name.replaceAll("'", "''")}'`;
}
