import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { LabelCollector } from '../../../src/ingest/labels.ts';

function collect(...texts: string[]) {
  const labels = new LabelCollector();
  texts.forEach((text, i) => labels.add(i + 1, text));
  const rows = tableFromIPC(labels.flush()).toArray().map((row) => row.toJSON());
  return { rows, report: labels.report };
}

describe('per_label_val', () => {
  it('keeps the finite numbers of what Python json.dumps writes for NaN and infinities', () => {
    const { rows, report } = collect('{"cat": 0.9, "dog": NaN, "NaN": 1, "bird": [Infinity, -Infinity, 2]}');
    expect(rows).toEqual([
      { metric_id: 1, label: 'cat', value: 0.9 },
      { metric_id: 1, label: 'NaN', value: 1 },
      { metric_id: 1, label: 'bird/2', value: 2 },
    ]);
    expect(report).toEqual({ values: 3, invalidJson: 0, skippedLeaves: 3 });
  });

  it('flattens nested objects and arrays into label paths', () => {
    const { rows } = collect('{"cat": {"cat": 45, "dog": 5}}', '[[1, 2]]');
    expect(rows.map((row) => [row.metric_id, row.label, row.value])).toEqual([
      [1, 'cat/cat', 45],
      [1, 'cat/dog', 5],
      [2, '0/0', 1],
      [2, '0/1', 2],
    ]);
  });

  it('counts what is not JSON, or not an object, without failing', () => {
    const { rows, report } = collect('{broken', '"just a string"', '0.5', '{"a": "high", "b": true, "c": null}');
    expect(rows).toEqual([]);
    expect(report).toEqual({ values: 0, invalidJson: 1, skippedLeaves: 5 });
  });
});
