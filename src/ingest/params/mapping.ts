import { bodyWithout, entryOf, hasTarget, IDENTITY_KEYS, TARGET_KEYS, type Entry, type Identity } from './entries.ts';
import { fileStem } from './files.ts';
import * as say from './messages.ts';
import type { ParamsDocument } from './parse.ts';
import type { ParamTarget, TrialIndex, TrialRow } from './trial-index.ts';
import { flattenParams, isPlainObject, textValue, type Param } from './values.ts';

/** A param matched to its trial or run, with the file it came from. */
export interface MappedParam extends Param, ParamTarget {
  source: string;
}

export interface Mapping {
  params: MappedParam[];
  warnings: string[];
}

/**
 * Matches a params file to the snapshot's trials. A YAML/JSON file holds:
 *  1. one trial's params, when its name (stem) is a trial's name or id, or it says which trial
 *     (trial, trial_name, trial_id or run_id; the Experiment Manager's name + settings);
 *  2. a list of such objects;
 *  3. an object keyed by trial names or ids.
 * A CSV file has a trial, trial_name, trial_id or run_id column and one column per param.
 * Whatever cannot be matched is said in a warning; nothing is dropped silently.
 */
export function mapParamsDocument(document: ParamsDocument, index: TrialIndex): Mapping {
  const collect = new Collector(document.source, index);
  if (document.kind === 'empty') collect.warn(say.emptyFile(document.source));
  else if (document.kind === 'table') mapTable(document, collect);
  else mapTree(document.value, collect);
  return collect.result();
}

function mapTree(value: unknown, collect: Collector) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const label = `item ${i + 1}`;
      if (!isPlainObject(item)) return collect.notObject('item', label);
      const entry = entryOf(item);
      if (hasTarget(entry.identity)) collect.add(entry, entry.identity, false, 'item');
      else if (entry.name !== undefined) collect.add(entry, { ...entry.identity, trial_name: entry.name }, true, 'item');
      else collect.withoutTarget('item', label);
    });
    return;
  }
  if (!isPlainObject(value)) return collect.warn(say.singleValue(collect.source));
  const entry = entryOf(value);
  const stem = fileStem(collect.source);
  const experiment = entry.identity.experiment ?? entry.identity.experiment_id;
  const keyed = Object.keys(value).filter((key) => collect.index.byNameOrId(key).length > 0);
  // Every key a trial with its params: keyed by trial, even in a file that is itself named after a trial.
  const allKeyed = keyed.length > 0 && keyed.length === Object.keys(value).length && keyed.every((key) => isPlainObject(value[key]));
  if (hasTarget(entry.identity)) return collect.add(entry, entry.identity, false, null);
  if (!allKeyed && collect.index.byNameOrId(stem, experiment).length > 0) return collect.add(entry, { ...entry.identity, trial: stem }, false, null);
  if (entry.name !== undefined && (entry.wrapped || collect.index.byName(entry.name, experiment).length > 0)) {
    return collect.add(entry, { ...entry.identity, trial_name: entry.name }, true, null);
  }
  if (keyed.length === 0) return collect.warn(say.unmatchedFile(collect.source, stem, collect.index.trials[0]?.name ?? undefined));
  for (const [key, inner] of Object.entries(value)) {
    if (!isPlainObject(inner)) {
      if (keyed.includes(key)) collect.notObject('entry', key);
      else collect.missing('trial', 'entry', key);
      continue;
    }
    collect.add(entryOf(inner), { trial: key }, false, 'entry');
  }
}

function mapTable(document: Extract<ParamsDocument, { kind: 'table' }>, collect: Collector) {
  const columns = document.header.map((name) => name.toLowerCase());
  const identityColumn = new Map(IDENTITY_KEYS.map((key) => [key, columns.indexOf(key)] as const).filter(([, at]) => at >= 0));
  if (!TARGET_KEYS.some((key) => identityColumn.has(key))) return collect.warn(say.noTargetColumn(collect.source, document.header));
  const paramColumns = document.header.flatMap((name, at) => (name !== '' && ![...identityColumn.values()].includes(at) ? [{ name, at }] : []));
  for (const row of document.rows) {
    const identity: Identity = {};
    for (const [key, at] of identityColumn) {
      const text = row.fields[at].trim();
      if (text !== '') identity[key] = text;
    }
    if (!hasTarget(identity)) {
      collect.withoutTarget('row', `line ${row.line}`);
      continue;
    }
    // An empty cell is a param the row does not set.
    const params = paramColumns.flatMap(({ name, at }) => {
      const text = row.fields[at].trim();
      return text === '' ? [] : [{ key: name, ...textValue(text) }];
    });
    collect.addParams(params, identity, 'row');
  }
}

/** Gathers a file's matched params and everything that could not be matched, then words it. */
class Collector {
  private readonly params: MappedParam[] = [];
  private readonly warnings: string[] = [];
  private readonly unknown = { trial: [] as string[], run: [] as string[] };
  private unknownUnit: say.Unit | null = null;
  private readonly untargeted: string[] = [];
  private untargetedUnit: say.Unit = 'row';
  private readonly nonObjects: string[] = [];
  private nonObjectUnit: say.Unit = 'item';

  constructor(readonly source: string, readonly index: TrialIndex) {}

  warn(message: string) {
    this.warnings.push(message);
  }

  add(entry: Entry, identity: Identity, usedName: boolean, unit: say.Unit | null) {
    this.addParams(flattenParams(bodyWithout(entry, usedName)), identity, unit);
  }

  addParams(params: Param[], identity: Identity, unit: say.Unit | null) {
    const targets = this.resolve(identity, unit);
    for (const target of targets) for (const param of params) this.params.push({ ...target, ...param, source: this.source });
  }

  missing(what: say.Missing, unit: say.Unit | null, label: string) {
    this.unknown[what].push(label);
    this.unknownUnit = unit;
  }

  withoutTarget(unit: say.Unit, label: string) {
    this.untargeted.push(label);
    this.untargetedUnit = unit;
  }

  notObject(unit: say.Unit, label: string) {
    this.nonObjects.push(label);
    this.nonObjectUnit = unit;
  }

  result(): Mapping {
    const warnings = [...this.warnings];
    for (const what of ['trial', 'run'] as const) {
      if (this.unknown[what].length) warnings.push(say.unknownTargets(this.source, this.unknownUnit, what, this.unknown[what]));
    }
    if (this.untargeted.length) warnings.push(say.withoutTarget(this.source, this.untargetedUnit, this.untargeted));
    if (this.nonObjects.length) warnings.push(say.notObjects(this.source, this.nonObjectUnit, this.nonObjects));
    return { params: this.params, warnings };
  }

  /** A run_id wins over trial keys; experiment or experiment_id narrow a trial name shared by several experiments. */
  private resolve(identity: Identity, unit: say.Unit | null): ParamTarget[] {
    if (identity.run_id !== undefined) {
      const run = this.index.run(identity.run_id);
      if (!run) this.missing('run', unit, `run ${identity.run_id}`);
      return run ? [run] : [];
    }
    const experiment = identity.experiment ?? identity.experiment_id;
    let trials: TrialRow[];
    let name: string;
    if (identity.trial_id !== undefined) [trials, name] = [this.index.byId(identity.trial_id, experiment), `#${identity.trial_id}`];
    else if (identity.trial_name !== undefined) [trials, name] = [this.index.byName(identity.trial_name, experiment), identity.trial_name];
    else [trials, name] = [this.index.byNameOrId(identity.trial!, experiment), identity.trial!];
    if (trials.length === 0) this.missing('trial', unit, experiment === undefined ? name : `${name} in experiment ${experiment}`);
    return trials.map((trial) => ({ trialId: trial.id, runId: null }));
  }
}
