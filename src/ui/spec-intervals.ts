import { DEFAULT_AGGREGATES, type QuerySpec } from '../query/spec.ts';

/**
 * Whether a spec asks for a t-interval (`ci95`, `ci99`, `{ci: 0.9}`). A grouped spec without
 * `aggregate` gets the defaults, which include ci95.
 */
export function asksForIntervals(spec: QuerySpec): boolean {
  const grouped = [spec.group_by ?? []].flat().length > 0;
  const entries: unknown[] = [spec.aggregate === undefined && grouped ? DEFAULT_AGGREGATES : (spec.aggregate ?? [])].flat();
  return entries.some((entry) => (typeof entry === 'string' ? /^ci\d/.test(entry) : typeof entry === 'object' && entry !== null && 'ci' in entry));
}
