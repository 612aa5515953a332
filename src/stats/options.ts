import type { Catalog } from '../query/catalog.ts';
import { describe, type Problems } from '../query/problems.ts';
import { lowerIsBetterByName, type GroupKey, type Level, type ResolvedQuery } from '../query/spec.ts';
import { didYouMean } from '../query/suggest.ts';

/** Option readers shared by the processors; each reports problems at the option's path. */
export interface MetricChoice {
  name: string;
  level: Level;
  lowerIsBetter: boolean;
}

/** The metric to analyse: named, or the query's only metric. */
export function metricOption(raw: unknown, path: string, p: Problems, query: ResolvedQuery, catalog: Catalog, levels?: Level[]): MetricChoice | null {
  const name = raw === undefined ? (query.metrics.names.length === 1 ? query.metrics.names[0] : null) : p.text(raw, path);
  if (name === null) {
    if (raw === undefined) p.add(path, `say which metric to analyse (one of ${query.metrics.names.join(', ')})`);
    return null;
  }
  const known = catalog.metrics.filter((m) => m.name === name && (!levels || levels.includes(m.level)));
  if (!known.length) {
    const candidates = catalog.metrics.filter((m) => !levels || levels.includes(m.level)).map((m) => m.name);
    const where = levels ? ` at the ${levels.join(' or ')} level` : '';
    p.add(path, `unknown metric '${name}'${where}${didYouMean(name, candidates) || (candidates.length ? `; the snapshot has ${[...new Set(candidates)].slice(0, 10).join(', ')}` : '')}`);
    return null;
  }
  const level = known.some((m) => m.level === query.metrics.level) ? query.metrics.level : known[0].level;
  const inQuery = query.metrics.names.includes(name);
  return { name, level, lowerIsBetter: inQuery ? query.metrics.lowerIsBetter.includes(name) : lowerIsBetterByName(name) };
}

const BY_KEYS = ['experiment', 'trial', 'status'] as const;

/** Groups to compare: experiment, trial, status or param:<key>; default trial. */
export function byOption(raw: unknown, path: string, p: Problems, catalog: Catalog): GroupKey[] {
  if (raw === undefined) return [{ kind: 'trial' }];
  const keys = p.many(raw, path, (value, at): GroupKey | null => {
    const text = p.text(value, at);
    if (text === null) return null;
    if (text.startsWith('param:')) {
      const key = text.slice(6);
      if (!catalog.params.includes(key)) p.add(at, `no param '${key}' in this snapshot${didYouMean(key, catalog.params) || (catalog.params.length ? `; it has ${catalog.params.join(', ')}` : ' (it has no params)')}`);
      return { kind: 'param', key };
    }
    if ((BY_KEYS as readonly string[]).includes(text)) return { kind: text as (typeof BY_KEYS)[number] };
    p.add(at, `cannot group by '${text}'; use ${BY_KEYS.join(', ')} or param:<key>${didYouMean(text, BY_KEYS)}`);
    return null;
  });
  if (Array.isArray(raw) && raw.length === 0) p.add(path, 'name at least one grouping (trial, experiment, status or param:<key>)');
  return keys;
}

export function fractionOption(raw: unknown, path: string, p: Problems, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = p.number(raw, path, true);
  if (value !== null && value >= 1) p.add(path, `expected a fraction below 1 (0.95 for 95%), got ${value}`);
  return value ?? fallback;
}

export function choiceOption<T extends string>(raw: unknown, path: string, p: Problems, choices: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  if ((choices as readonly unknown[]).includes(raw)) return raw as T;
  p.add(path, `expected one of ${choices.join(', ')}, got ${describe(raw)}${typeof raw === 'string' ? didYouMean(raw, choices) : ''}`);
  return fallback;
}

export function checkKeys(raw: Record<string, unknown>, path: string, p: Problems, known: readonly string[]): void {
  p.unknownKeys(raw, path, known, (key) => didYouMean(key, known));
}

/** How a grouping is written in a spec (`trial`, `param:lr`). */
export function keyName(key: GroupKey): string {
  return key.kind === 'param' ? `param:${key.key}` : key.kind;
}

export function plainOptions<T extends { metric: MetricChoice; by: GroupKey[] }>(options: T): Record<string, unknown> {
  return { ...options, metric: options.metric.name, by: options.by.map(keyName) };
}
