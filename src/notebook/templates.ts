import { parseDocument, stringify } from 'yaml';
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

/** Charts worth drawing for a starter template, over its query's rows or its analysis' tables. */
const CHARTS: Record<string, (query: string, analyses: Record<string, string>) => string | null> = {
  'per-trial': (query) => `input: ${query}\nmark: dot\nx: mean\ny: trial\ncolor: experiment\ntitle: Mean per trial\n`,
  'failure-analysis': (_, analyses) => (analyses.failures ? `input: ${analyses.failures}\ntable: rates\nmark: bar\nx: group\ny: rate\ntitle: Failure rate per trial\n` : null),
  'training-curves': (query) => `input: ${query}\nmark: line\nx: epoch\ny: mean\ncolor: trial\nfacet: experiment\ntitle: Mean curve per trial\n`,
};

/**
 * A notebook built from templates: per template a heading with its description, its query, one
 * analysis cell per `analyze:` entry (reading the query by name) and a chart. Analyses leave out
 * a metric that is the query's own, so changing the query's metric carries through.
 */
export function templateNotebook(files: readonly TemplateFile[], snapshot: string, wanted = STARTER_TEMPLATES): NotebookDocument {
  const cells: Cell[] = [
    makeCell('markdown', 'intro', `# ${snapshot}\n\nA starting analysis from Trialbook's templates. Every cell can be edited: **Shift+Enter** runs a cell and the cells that read it, **Ctrl+Enter** runs them all. Cells read each other by name (\`FROM per_trial\` in SQL, \`input: per_trial\` in an analysis or chart).`),
  ];
  const taken = () => cells.map((cell) => cell.name);
  for (const name of wanted) {
    const file = files.find((candidate) => candidate.name === name);
    if (!file) continue;
    const doc = parseDocument(file.text, { schema: 'core' });
    const spec = doc.toJS() as { title?: string; description?: string; analyze?: Record<string, Record<string, unknown> | null>[]; metrics?: { names?: string[] } };
    cells.push(makeCell('markdown', freshName(`${name.replaceAll('-', '_')}_notes`, taken()), `## ${spec.title ?? name}\n\n${spec.description ?? ''}`.trim()));
    doc.delete('analyze');
    doc.delete('description');
    const query = makeCell('query', freshName(name.replaceAll('-', '_'), taken()), doc.toString());
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
    const chart = CHARTS[name]?.(query.name, analyses);
    if (chart) cells.push(makeCell('chart', freshName(`${query.name}_chart`, taken()), chart));
  }
  return { title: `Analysis of ${snapshot}`, cells };
}
