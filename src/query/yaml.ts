import { parseDocument, stringify } from 'yaml';
import { canonicalSpec } from './builder.ts';
import { QuerySpecError } from './problems.ts';
import type { QuerySpec } from './spec.ts';

/**
 * A YAML query spec as a plain object. Syntax errors carry their line and column; the content
 * is checked later against the snapshot (resolveQuery), so all its problems are reported together.
 */
export function parseQueryYAML(text: string): QuerySpec {
  return parseSpecMapping(text, {
    empty: 'the query is empty; start with a line like metrics: { names: [test_acc] }',
    notMapping: 'a query spec is a mapping of fields (experiments:, metrics:, group_by: …), not a single value or a list',
  }) as QuerySpec;
}

/** Any YAML spec (query, analysis, chart) as a plain mapping; problems as QuerySpecError. */
export function parseSpecMapping(text: string, messages: { empty: string; notMapping: string }): Record<string, unknown> {
  // The core schema keeps dates as text (2026-01-31) and never builds objects from tags.
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: true });
  if (doc.errors.length) {
    throw new QuerySpecError(doc.errors.map((error) => ({
      path: error.linePos ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}` : 'YAML',
      message: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
    })));
  }
  const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (value === null || value === undefined) throw new QuerySpecError([{ path: '(spec)', message: messages.empty }]);
  if (typeof value !== 'object' || Array.isArray(value)) throw new QuerySpecError([{ path: '(spec)', message: messages.notMapping }]);
  return value as Record<string, unknown>;
}

/** YAML for a spec, with keys in the documented order and short lists on one line. */
export function queryToYAML(spec: QuerySpec): string {
  return stringify(canonicalSpec(spec), { collectionStyle: 'any', flowCollectionPadding: true, lineWidth: 100 });
}
