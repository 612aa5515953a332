import type { Engine } from '../../engine/engine.ts';
import { builtName } from '../model.ts';
import { mapParamsDocument, type MappedParam } from './mapping.ts';
import { conflicts } from './messages.ts';
import { paramsFromTrialName, TRIAL_NAME_SOURCE } from './names.ts';
import type { ParamsDocument } from './parse.ts';
import { keepFirstValues, paramsIPC } from './table.ts';
import { TrialIndex } from './trial-index.ts';

/**
 * Fills the params table of the snapshot being loaded (after its trials and runs tables are
 * built, before they replace the open snapshot's): from the params files given with it, or, when none were
 * given, from the trials' names. Returns the warnings for the load report.
 */
export async function fillParams(engine: Engine, documents: ParamsDocument[]): Promise<string[]> {
  const index = await TrialIndex.read(engine, documents.length > 0);
  const warnings: string[] = [];
  let params: MappedParam[];
  if (documents.length > 0) {
    const mappings = documents.map((document) => mapParamsDocument(document, index));
    params = mappings.flatMap((mapping) => mapping.params);
    warnings.push(...mappings.flatMap((mapping) => mapping.warnings));
  } else {
    params = index.trials.flatMap((trial) =>
      trial.name === null ? [] : paramsFromTrialName(trial.name).map((param) => ({ ...param, trialId: trial.id, runId: null, source: TRIAL_NAME_SOURCE })),
    );
  }
  const unique = keepFirstValues(params, index);
  if (unique.conflicts.length) warnings.push(conflicts(unique.conflicts));
  // Like every other row, params enter DuckDB as Arrow, never as SQL text.
  if (unique.params.length) await engine.insertArrow({ schema: 'main', name: builtName('params'), append: true }, paramsIPC(unique.params));
  return warnings;
}
