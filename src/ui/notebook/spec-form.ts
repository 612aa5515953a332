import { parseDocument, type Document } from 'yaml';
import type { QuerySpec } from '../../query/spec.ts';

/** The common fields of a query spec as the form view edits them. */
export interface SpecFields {
  experiments: string[];
  trials: string[];
  metric: string;
  level: string;
  perRun: string;
  outlierMethod: string;
  outlierThreshold: number | null;
  outlierWithin: string;
  groupBy: string[];
  aggregates: string[];
}

/** The form's view of a spec; null when the YAML does not parse (the editor shows why). */
export function readSpecFields(yaml: string): SpecFields | null {
  const doc = parseDocument(yaml, { schema: 'core' });
  if (doc.errors.length) return null;
  const spec = (doc.toJS() ?? {}) as QuerySpec;
  if (typeof spec !== 'object' || Array.isArray(spec)) return null;
  const list = (value: unknown): string[] => [value ?? []].flat().filter((entry): entry is string => typeof entry === 'string');
  return {
    experiments: list(spec.experiments?.names),
    trials: list(spec.trials?.names),
    metric: list(spec.metrics?.names)[0] ?? '',
    level: spec.metrics?.level ?? 'results',
    perRun: typeof spec.per_run === 'string' ? spec.per_run : '',
    outlierMethod: spec.exclude_outliers?.method ?? '',
    outlierThreshold: spec.exclude_outliers?.threshold ?? null,
    outlierWithin: spec.exclude_outliers?.within ?? 'all',
    groupBy: list(spec.group_by),
    aggregates: list(spec.aggregate),
  };
}

/**
 * The YAML with one field changed through the document (comments and the other fields stay as
 * written). An empty value removes the field.
 */
export function writeSpecField(yaml: string, field: keyof SpecFields, value: SpecFields[keyof SpecFields]): string {
  const doc = parseDocument(yaml, { schema: 'core' });
  const set = (path: string[], next: unknown) => {
    const empty = next === '' || next === null || (Array.isArray(next) && next.length === 0);
    if (empty) {
      doc.deleteIn(path);
      dropEmptyParent(doc, path);
    } else doc.setIn(path, Array.isArray(next) ? doc.createNode(next, { flow: true }) : next);
  };
  switch (field) {
    case 'experiments':
      set(['experiments', 'names'], value);
      break;
    case 'trials':
      set(['trials', 'names'], value);
      break;
    case 'metric': {
      set(['metrics', 'names'], value ? [value] : []);
      // The outlier rule reads the same metric: keep them together.
      if (value && doc.hasIn(['exclude_outliers', 'metric'])) doc.setIn(['exclude_outliers', 'metric'], value);
      break;
    }
    case 'level':
      set(['metrics', 'level'], value);
      break;
    case 'perRun':
      set(['per_run'], value);
      break;
    case 'outlierMethod': {
      if (!value) set(['exclude_outliers'], null);
      else {
        set(['exclude_outliers', 'method'], value);
        const metric = (doc.toJS() as QuerySpec).metrics?.names?.[0];
        if (metric && !doc.hasIn(['exclude_outliers', 'metric'])) doc.setIn(['exclude_outliers', 'metric'], metric);
      }
      break;
    }
    case 'outlierThreshold':
      set(['exclude_outliers', 'threshold'], value);
      break;
    case 'outlierWithin':
      set(['exclude_outliers', 'within'], value === 'all' ? null : value);
      break;
    case 'groupBy':
      set(['group_by'], value);
      break;
    case 'aggregates':
      set(['aggregate'], value);
      break;
  }
  return doc.toString({ flowCollectionPadding: true });
}

function dropEmptyParent(doc: Document, path: string[]): void {
  if (path.length < 2) return;
  const parent = path.slice(0, -1);
  const value = doc.getIn(parent) as { items?: unknown[] } | undefined;
  if (value && Array.isArray(value.items) && value.items.length === 0) doc.deleteIn(parent);
}
