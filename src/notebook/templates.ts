import { isMap, isSeq, parseDocument, stringify, type Document } from 'yaml';
import type { Catalog } from '../query/catalog.ts';
import type { Level } from '../query/spec.ts';
import { makeCell, type Cell, type NotebookDocument } from './document.ts';
import { freshName } from './names.ts';

/** A saved analysis from queries/: its file name (`per-trial`) and its YAML as written. */
export interface TemplateFile {
  name: string;
  text: string;
}

/** The analyses a new notebook starts with, in reading order: what is there, who won, why runs fail, how they trained. */
export const STARTER_TEMPLATES = ['overview', 'per-trial', 'failure-analysis', 'training-curves'];

const ANALYSIS_NAMES: Record<string, string> = { compare: 'significance', failures: 'causes', curves: 'convergence', statistics: 'statistics', outliers: 'outliers' };

/**
 * Charts worth drawing for a starter template, as [name suffix, spec], over its query's runs or
 * its analysis' tables. Most leave mark and columns out: the chart is chosen from the input's shape.
 */
const CHARTS: Record<string, (query: string, analyses: Record<string, string>) => [string, string][]> = {
  'per-trial': (query, analyses) => [
    ['runs', `input: ${query}\nmark: box\ntitle: Each run's value per trial (✕ marks runs excluded as outliers)\n`],
    ...(analyses.compare ? [['chart', `input: ${analyses.compare}\ntitle: Mean per trial with its 95% confidence interval\n`] as [string, string]] : []),
  ],
  'failure-analysis': (_, analyses) => (analyses.failures ? [['chart', `input: ${analyses.failures}\ntitle: Failure rate per trial with its 95% Wilson interval\n`]] : []),
  'training-curves': (query, analyses) => [
    ...(analyses.curves ? [['chart', `input: ${analyses.curves}\ntitle: Mean curve per trial with its 95% confidence band\n`] as [string, string]] : []),
    ['runs', `input: ${query}\nmark: runs\ntitle: Every run's curve\n`],
  ],
};

/**
 * A notebook built from templates: per template a heading with its description, its query, one
 * analysis cell per `analyze:` entry (reading the query by name) and a chart. Analyses leave out
 * a metric that is the query's own, so changing the query's metric carries through.
 */
export function templateNotebook(files: readonly TemplateFile[], snapshot: string, catalog: Catalog | null, wanted = STARTER_TEMPLATES): NotebookDocument {
  const cells: Cell[] = [
    makeCell('markdown', 'intro', `# ${snapshot}\n\nA starting analysis from Trialbook's templates. Every cell can be edited: **Shift+Enter** runs a cell and the cells that read it, **Ctrl+Enter** runs them all. Cells read each other by name (\`FROM per_trial\` in SQL, \`input: per_trial\` in an analysis or chart).`),
  ];
  const taken = () => cells.map((cell) => cell.name);
  for (const name of wanted) {
    const file = files.find((candidate) => candidate.name === name);
    if (!file) continue;
    const doc = parseDocument(file.text, { schema: 'core' });
    const fitted = catalog ? fitMetrics(doc, catalog) : 'as written';
    if (!fitted) continue;
    const spec = doc.toJS() as { title?: string; description?: string; analyze?: Record<string, Record<string, unknown> | null>[]; metrics?: { names?: string[] } };
    cells.push(makeCell('markdown', freshName(`${name.replaceAll('-', '_')}_notes`, taken()), `## ${spec.title ?? name}\n\n${spec.description ?? ''}`.trim()));
    // A template that fits as written keeps its layout and comments; a changed one is re-rendered.
    const text = fitted === 'as written' ? withoutKeys(file.text, doc, ['analyze', 'description']) : (doc.delete('analyze'), doc.delete('description'), doc.toString());
    const query = makeCell('query', freshName(name.replaceAll('-', '_'), taken()), text);
    cells.push(query);
    const metrics = spec.metrics?.names ?? [];
    const analyses: Record<string, string> = {};
    for (const entry of spec.analyze ?? []) {
      const [processor] = Object.keys(entry);
      const options = { ...(entry[processor] ?? {}) };
      if (metrics.length === 1 && options.metric === metrics[0]) delete options.metric;
      const cell = makeCell('analysis', freshName(`${query.name}_${ANALYSIS_NAMES[processor] ?? processor}`, taken()), stringify({ input: query.name, [processor]: options }));
      analyses[processor] = cell.name;
      cells.push(cell);
    }
    for (const [suffix, chart] of CHARTS[name]?.(query.name, analyses) ?? []) cells.push(makeCell('chart', freshName(`${query.name}_${suffix}`, taken()), chart));
  }
  return { title: `Analysis of ${snapshot}`, cells };
}

/** What a template's metric words read as in its title and description, to rename them with it. */
const METRIC_WORDS: Record<string, RegExp> = { test_acc: /test accuracy/gi, val_loss: /validation[- ]loss/gi };

/**
 * Templates name the metrics most trackers log (test_acc, val_loss). A snapshot without them gets
 * its closest one at the same level (an accuracy for an accuracy, a loss for a loss), or the
 * last epoch of an epoch-level metric when it has no final metrics. Null: nothing fits.
 */
function fitMetrics(doc: Document, catalog: Catalog): 'as written' | 'changed' | null {
  const names = (doc.toJS() as { metrics?: { names?: string[] } }).metrics?.names ?? [];
  const level = (doc.getIn(['metrics', 'level']) as Level | undefined) ?? 'results';
  if (names.length !== 1) return 'as written';
  const [wanted] = names;
  const at = (want: Level) => catalog.metrics.filter((metric) => metric.level === want).map((metric) => metric.name);
  let chosen = closest(wanted, at(level));
  let fallback = false;
  if (!chosen && level === 'results') {
    chosen = closest(wanted, at('epoch'));
    fallback = chosen !== null;
  }
  if (!chosen) return null;
  if (chosen === wanted) return 'as written';
  doc.setIn(['metrics', 'names'], doc.createNode([chosen], { flow: true }));
  if (fallback) {
    doc.setIn(['metrics', 'level'], 'epoch');
    doc.set('per_run', 'last');
  }
  if (doc.hasIn(['exclude_outliers', 'metric'])) doc.setIn(['exclude_outliers', 'metric'], chosen);
  const analyze = doc.get('analyze');
  for (const entry of isSeq(analyze) ? analyze.items : []) {
    for (const { value: options } of isMap(entry) ? entry.items : []) {
      if (isMap(options) && options.get('metric') === wanted) options.set('metric', chosen);
    }
  }
  const words = METRIC_WORDS[wanted];
  for (const key of ['title', 'description']) {
    const text = doc.get(key);
    if (typeof text === 'string' && words) doc.set(key, text.replace(words, chosen));
  }
  return 'changed';
}

/** The text with these top-level keys and their values cut out, everything else as written. */
function withoutKeys(text: string, doc: Document, keys: string[]): string {
  const cuts = (isMap(doc.contents) ? doc.contents.items : [])
    .filter((pair) => keys.includes(String((pair.key as { value?: unknown } | null)?.value)))
    .map((pair) => [(pair.key as { range: [number, number, number] }).range[0], (pair.value as { range: [number, number, number] }).range[2]] as const)
    .sort((a, b) => b[0] - a[0]);
  let result = text;
  for (const [start, end] of cuts) result = result.slice(0, start) + result.slice(end);
  return result;
}

/** The metric most like `wanted` among `names`: itself, then one sharing its kind (acc, loss), then the first. */
function closest(wanted: string, names: string[]): string | null {
  if (names.includes(wanted)) return wanted;
  const kind = /loss|err/i.test(wanted) ? /loss|err/i : /acc|f1|auc|score/i;
  const prefix = wanted.split('_')[0];
  return names.find((name) => kind.test(name) && name.startsWith(prefix)) ?? names.find((name) => kind.test(name)) ?? names[0] ?? null;
}
