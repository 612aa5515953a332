/** The warnings a params file can earn, in words that say what was left out and what to do. */
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const verb = (n: number, one: string, many: string) => (n === 1 ? one : many);
const SHOWN = 5;

export function listed(labels: string[]): string {
  const shown = labels.slice(0, SHOWN).join(', ');
  return labels.length > SHOWN ? `${shown}, and ${labels.length - SHOWN} more` : shown;
}

export const PARAM_UNITS = { row: 'row', item: 'item', entry: ['entry', 'entries'] } as const;
export type Unit = keyof typeof PARAM_UNITS;
const unitWord = (n: number, unit: Unit) => {
  const word = PARAM_UNITS[unit];
  return typeof word === 'string' ? count(n, word) : count(n, word[0], word[1]);
};

export type Missing = 'trial' | 'run';

/** "params.csv: 2 rows name trials the snapshot does not have (lr=0.5, lr=0.9); …" */
export function unknownTargets(source: string, unit: Unit | null, what: Missing, labels: string[]): string {
  const n = labels.length;
  const things = n === 1 ? `a ${what}` : `${what}s`;
  const how = what === 'trial' ? 'Trials are matched by their exact name, or by id' : 'Runs are matched by run_id (TRIAL_RUN id)';
  const lead = unit === null ? `${source} names a ${what}` : `${source}: ${unitWord(n, unit)} ${verb(n, 'names', 'name')} ${things}`;
  return `${lead} the snapshot does not have (${listed(labels)}); ${verb(n, 'its', 'their')} params were not loaded. ${how}.`;
}

export function withoutTarget(source: string, unit: Unit, labels: string[]): string {
  const n = labels.length;
  return `${source}: ${unitWord(n, unit)} ${verb(n, 'has', 'have')} no trial, trial_name, trial_id or run_id (${listed(labels)}); ${verb(n, 'its', 'their')} params were not loaded. Say which trial each one is for.`;
}

export function notObjects(source: string, unit: Unit, labels: string[]): string {
  const n = labels.length;
  return `${source}: ${unitWord(n, unit)} ${verb(n, 'is', 'are')} not a set of params (key: value) and ${verb(n, 'was', 'were')} skipped (${listed(labels)}).`;
}

export function unmatchedFile(source: string, stem: string, example: string | undefined): string {
  return (
    `${source} could not be matched to trials, so its params were not loaded: its name (${stem}) is no trial's name or id, ` +
    "it has no trial, trial_name, trial_id or run_id key, and none of its keys is a trial's name or id. " +
    `Name the file after its trial (${example ?? '<trial>'}.yaml), add a trial: key, or key its params by trial name.`
  );
}

export function noTargetColumn(source: string, header: string[]): string {
  const separator = header.length === 1 ? [';', '\t'].find((s) => header[0].includes(s)) : undefined;
  const hint = separator ? ` (it seems to separate fields with ${separator === '\t' ? 'tabs' : 'semicolons'}; Trialbook reads comma-separated values)` : '';
  return `${source} has no trial, trial_name, trial_id or run_id column${hint}, so its rows could not be matched to trials and were not loaded. Add one: trial,lr,batch_size …`;
}

export function emptyFile(source: string): string {
  return `${source} is empty; it gave no params.`;
}

export function singleValue(source: string): string {
  return `${source} holds a single value, not params (key: value); it gave none.`;
}

export interface Conflict {
  key: string;
  target: string;
  kept: { value: string | null; source: string };
  dropped: { value: string | null; source: string };
}

/** The same param of the same trial (or run) given twice with different values: the first is kept. */
export function conflicts(list: Conflict[]): string {
  const value = (v: string | null) => (v === null ? 'null' : v);
  const described = list.map((c) =>
    `${c.key} of ${c.target}: ${value(c.kept.value)} (${c.kept.source}), not ${value(c.dropped.value)} (${c.dropped.source})`);
  const n = list.length;
  return `${count(n, 'param')} ${verb(n, 'is', 'are')} given twice with different values; the first value is kept: ${listed(described)}.`;
}
