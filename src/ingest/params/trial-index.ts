import type { Engine } from '../../engine/engine.ts';
import { built } from '../model.ts';

export interface TrialRow {
  id: number;
  name: string | null;
  experimentId: number | null;
  experiment: string | null;
}

/** Where a param belongs: a trial (run NULL), or one run of it. */
export interface ParamTarget {
  trialId: number | null;
  runId: number | null;
}

const INTEGER = /^\d+$/;

/**
 * The loaded snapshot's trials and runs, for matching params to them: trials by exact name or
 * by id (a name shared by trials of several experiments matches each of them), runs by id.
 * Read from the snapshot's tables as they are being built, before they replace the open ones.
 */
export class TrialIndex {
  private readonly names = new Map<string, TrialRow[]>();
  private readonly ids = new Map<number, TrialRow>();

  constructor(readonly trials: TrialRow[], private readonly runs: Map<number, number | null>) {
    for (const trial of trials) {
      this.ids.set(trial.id, trial);
      if (trial.name !== null) this.names.set(trial.name, [...(this.names.get(trial.name) ?? []), trial]);
    }
  }

  static async read(engine: Engine, withRuns: boolean): Promise<TrialIndex> {
    const trials = (await engine.query(
      `SELECT t.trial_id AS id, t.trial AS name, t.experiment_id AS "experimentId", e.title AS experiment FROM ${built('trials')} t LEFT JOIN ${built('experiments')} e USING (experiment_id) ORDER BY t.trial_id`,
    )).toArray().map((row) => row.toJSON() as TrialRow);
    const runs = new Map<number, number | null>();
    if (withRuns) {
      const table = await engine.query(`SELECT run_id, trial_id FROM ${built('runs')}`);
      const runIds = table.getChild('run_id')!.toArray() as ArrayLike<number | null>;
      const trialIds = table.getChild('trial_id')!;
      for (let i = 0; i < table.numRows; i++) if (runIds[i] !== null) runs.set(Number(runIds[i]), (trialIds.get(i) as number | null) ?? null);
    }
    return new TrialIndex(trials, runs);
  }

  byName(name: string, experiment?: string): TrialRow[] {
    return this.inExperiment(this.names.get(name) ?? [], experiment);
  }

  byId(id: string, experiment?: string): TrialRow[] {
    const trial = INTEGER.test(id) ? this.ids.get(Number(id)) : undefined;
    return this.inExperiment(trial ? [trial] : [], experiment);
  }

  /** A trial named by text: its name first; a number that names no trial is read as an id. */
  byNameOrId(text: string, experiment?: string): TrialRow[] {
    return this.names.has(text) ? this.byName(text, experiment) : this.byId(text, experiment);
  }

  run(id: string): ParamTarget | null {
    if (!INTEGER.test(id) || !this.runs.has(Number(id))) return null;
    return { trialId: this.runs.get(Number(id)) ?? null, runId: Number(id) };
  }

  describe(target: ParamTarget): string {
    if (target.runId !== null) return `run ${target.runId}`;
    const trial = target.trialId === null ? undefined : this.ids.get(target.trialId);
    return trial ? `trial ${trial.name} (#${trial.id})` : `trial #${target.trialId}`;
  }

  /** experiment: a title or an id. */
  private inExperiment(trials: TrialRow[], experiment?: string): TrialRow[] {
    if (experiment === undefined) return trials;
    return trials.filter((trial) => trial.experiment === experiment || (INTEGER.test(experiment) && trial.experimentId === Number(experiment)));
  }
}
