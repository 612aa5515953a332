import type { AnalyticsConfig } from '../config/analytics-config.ts';
import type { Catalog } from '../query/catalog.ts';
import type { Problems } from '../query/problems.ts';
import type { ResolvedQuery } from '../query/spec.ts';
import { didYouMean } from '../query/suggest.ts';
import type { Analysis, Processor, ProcessorContext } from './analysis.ts';
import { compare } from './compare.ts';
import { curves } from './curves.ts';
import { failures } from './failures.ts';
import { outliers } from './outliers.ts';
import { statistics } from './statistics.ts';

/** Every processor a spec's `analyze:` list (or `.analyze()`) can name. */
export const PROCESSORS: Record<string, Processor<unknown>> = Object.fromEntries(
  [statistics, outliers, compare, failures, curves].map((processor) => [processor.name, processor as Processor<unknown>]),
);

export interface ResolvedAnalysis {
  processor: Processor<unknown>;
  options: unknown;
}

/** `analyze: [{ compare: {…} }, …]`: each entry names one processor and its options. */
export function resolveAnalyses(raw: unknown, p: Problems, query: ResolvedQuery, catalog: Catalog, defaults: AnalyticsConfig['processors'] = {}): ResolvedAnalysis[] {
  const names = Object.keys(PROCESSORS);
  return p.many(raw, 'analyze', (entry, at): ResolvedAnalysis | null => {
    const item = p.object(entry, at);
    if (!item) return null;
    const keys = Object.keys(item);
    if (keys.length !== 1) {
      p.add(at, `each entry names one processor (${names.join(', ')}), e.g. - compare: { metric: test_acc, by: trial }`);
      return null;
    }
    const [name] = keys;
    const processor = PROCESSORS[name];
    if (!processor) {
      p.add(`${at}.${name}`, `unknown processor${didYouMean(name, names) || `; use ${names.join(', ')}`}`);
      return null;
    }
    const options = item[name] === null || item[name] === undefined ? {} : p.object(item[name], `${at}.${name}`);
    // The config's defaults sit under the spec's own options.
    return options ? { processor, options: processor.resolve({ ...defaults[name], ...options }, `${at}.${name}`, p, query, catalog) } : null;
  });
}

export async function runAnalyses(scope: Omit<ProcessorContext, 'inputs'>, analyses: ResolvedAnalysis[]): Promise<Analysis[]> {
  const context: ProcessorContext = { ...scope, inputs: new Map() };
  const results: Analysis[] = [];
  // One at a time: the engine runs one statement at a time anyway.
  for (const { processor, options } of analyses) results.push(await processor.run(context, options));
  return results;
}
