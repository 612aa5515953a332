import { parseDocument } from 'yaml';
import { Problems, type SpecProblem } from '../query/problems.ts';
import { didYouMean } from '../query/suggest.ts';

/**
 * analytics_config.yaml: the defaults every processor starts from, so a team states its
 * conventions (confidence level, correction, outlier rule) once. A spec's own options win.
 */
export interface AnalyticsConfig {
  /** Default options per processor, by the processor's name. */
  processors: Record<string, Record<string, unknown>>;
  aggregation: { aggregates: string[] | null };
  export: { json_indent: number };
}

export interface ConfigReport {
  config: AnalyticsConfig;
  /** Things that are legal but probably not meant: unknown keys, mixed confidence levels. */
  warnings: SpecProblem[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: SpecProblem[], source: string) {
    super(`${source} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  }
}

export const DEFAULT_CONFIG: AnalyticsConfig = { processors: {}, aggregation: { aggregates: null }, export: { json_indent: 2 } };

/** Section names in the file → processor names (the seed called compare "comparisons"). */
const SECTIONS: Record<string, string> = { statistics: 'statistics', outliers: 'outliers', comparisons: 'compare', failures: 'failures', curves: 'curves' };
const FRACTIONS = ['confidence', 'alpha', 'tolerance'];

export function parseAnalyticsConfig(text: string, source = 'analytics_config.yaml'): ConfigReport {
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: true });
  if (doc.errors.length) {
    throw new ConfigError(doc.errors.map((e) => ({ path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : 'YAML', message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') })), source);
  }
  const errors = new Problems();
  const warnings = new Problems();
  const root = errors.object(doc.toJS() ?? {}, '(config)') ?? {};
  unknown(warnings, root, '', ['processors', 'aggregation', 'export']);
  const config: AnalyticsConfig = structuredClone(DEFAULT_CONFIG);
  const processors = errors.object(root.processors, 'processors') ?? {};
  unknown(warnings, processors, 'processors', Object.keys(SECTIONS));
  for (const [section, name] of Object.entries(SECTIONS)) {
    const options = errors.object(processors[section], `processors.${section}`);
    if (!options) continue;
    for (const key of FRACTIONS) {
      const value = options[key];
      if (value !== undefined && !(typeof value === 'number' && value > 0 && value < 1)) errors.add(`processors.${section}.${key}`, `expected a fraction between 0 and 1 (0.95 for 95%), got ${JSON.stringify(value)}`);
    }
    if (options.threshold !== undefined && !(typeof options.threshold === 'number' && options.threshold > 0)) errors.add(`processors.${section}.threshold`, `expected a positive number, got ${JSON.stringify(options.threshold)}`);
    config.processors[name] = options;
  }
  const aggregation = errors.object(root.aggregation, 'aggregation') ?? {};
  unknown(warnings, aggregation, 'aggregation', ['aggregates']);
  if (aggregation.aggregates !== undefined) config.aggregation.aggregates = errors.many(aggregation.aggregates, 'aggregation.aggregates', errors.text);
  const exported = errors.object(root.export, 'export') ?? {};
  unknown(warnings, exported, 'export', ['json_indent']);
  if (exported.json_indent !== undefined) config.export.json_indent = errors.integer(exported.json_indent, 'export.json_indent') ?? 2;
  const levels = new Map(Object.entries(config.processors).flatMap(([name, o]) => (typeof o.confidence === 'number' ? [[name, o.confidence as number]] : [])));
  if (new Set(levels.values()).size > 1) warnings.add('processors', `confidence levels differ (${[...levels].map(([n, c]) => `${n} ${c}`).join(', ')}); intervals from different processors will not be comparable`);
  if (errors.list.length) throw new ConfigError(errors.list, source);
  return { config, warnings: warnings.list };
}

function unknown(warnings: Problems, object: Record<string, unknown>, path: string, known: string[]): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) warnings.add(path ? `${path}.${key}` : key, `unknown key, ignored${didYouMean(key, known) || `; known: ${known.join(', ')}`}`);
  }
}
