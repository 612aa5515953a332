import { isPlainObject } from './values.ts';

/** How a params entry names its trial or run: the keys (or CSV columns) that are not params. */
export interface Identity {
  trial?: string;
  trial_name?: string;
  trial_id?: string;
  run_id?: string;
  experiment?: string;
  experiment_id?: string;
}

export const IDENTITY_KEYS = ['trial', 'trial_name', 'trial_id', 'run_id', 'experiment', 'experiment_id'] as const;
/** Keys that alone name a trial or a run (experiment keys only narrow a trial name down). */
export const TARGET_KEYS = ['trial', 'trial_name', 'trial_id', 'run_id'] as const;
/** The Experiment Manager's configs keep a trial's settings under one key, beside its name, id, desc and repeat count. */
const WRAPPERS = ['settings', 'params'];
const WRAPPER_METADATA = new Set(['name', 'id', 'desc', 'description', 'repeat']);

/** One object of a params file, split into who it is for and what it sets. */
export interface Entry {
  identity: Identity;
  /** A `name` that may be the trial's (Experiment Manager trials.yaml items). */
  name?: string;
  /** Whether the params sat under settings: or params: (then `name` is metadata, never a param). */
  wrapped: boolean;
  body: Record<string, unknown>;
}

export function hasTarget(identity: Identity): boolean {
  return TARGET_KEYS.some((key) => identity[key] !== undefined);
}

export function identityText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return undefined;
}

export function entryOf(object: Record<string, unknown>): Entry {
  const identity: Identity = {};
  for (const key of IDENTITY_KEYS) {
    const text = identityText(object[key]);
    if (text !== undefined) identity[key] = text;
  }
  const rest = Object.fromEntries(Object.entries(object).filter(([key]) => !(IDENTITY_KEYS as readonly string[]).includes(key)));
  const wrapper = WRAPPERS.find((key) => isPlainObject(object[key]));
  const name = identityText(object.name);
  if (!wrapper) return { identity, name, wrapped: false, body: rest };
  const siblings = Object.entries(rest).filter(([key]) => key !== wrapper && !WRAPPER_METADATA.has(key));
  return { identity, name, wrapped: true, body: { ...Object.fromEntries(siblings), ...(object[wrapper] as Record<string, unknown>) } };
}

/** The entry's params, leaving out `name` when it was used to find the trial. */
export function bodyWithout(entry: Entry, usedName: boolean): Record<string, unknown> {
  if (!usedName || entry.wrapped) return entry.body;
  const { name: _name, ...body } = entry.body;
  return body;
}
