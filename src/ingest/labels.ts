import { IntColumn, NumberColumn, TextColumn, flushToIPC } from './columns.ts';

/** What became of per_label_val texts: counted, so the overview can say what was skipped and why. */
export interface LabelReport {
  values: number;
  invalidJson: number;
  skippedLeaves: number;
}

export const LABEL_TABLE = 'LABEL_VALUE';

/**
 * Flattens per_label_val JSON into (metric_id, label, value) rows. Nested objects and arrays (a
 * confusion matrix) become paths joined by '/' ("cat/dog"); only finite numeric leaves are
 * kept, the rest are counted as skipped.
 */
export class LabelCollector {
  readonly report: LabelReport = { values: 0, invalidJson: 0, skippedLeaves: 0 };
  private metricId = new IntColumn();
  private label = new TextColumn();
  private value = new NumberColumn();

  get length() {
    return this.metricId.length;
  }

  add(metricId: number, text: string) {
    const parsed = parseLabelJson(text);
    if (parsed === INVALID) {
      this.report.invalidJson++;
      return;
    }
    if (parsed === null || typeof parsed !== 'object') {
      this.report.skippedLeaves++;
      return;
    }
    this.walk(metricId, parsed, '');
  }

  private walk(metricId: number, node: unknown, path: string) {
    if (typeof node === 'number' && Number.isFinite(node)) {
      this.metricId.push(metricId);
      this.label.push(path);
      this.value.push(node);
      this.report.values++;
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) this.walk(metricId, child, path ? `${path}/${key}` : key);
    } else {
      this.report.skippedLeaves++;
    }
  }

  flush(): Uint8Array {
    return flushToIPC({ metric_id: this.metricId, label: this.label, value: this.value });
  }
}

const INVALID = Symbol('invalid JSON');

/**
 * Python's json.dumps writes NaN and ±Infinity as bare words (a class with no samples gives
 * 0/0), which JSON.parse rejects. Those values become null, so the rest of the object is kept
 * and they are counted as skipped entries.
 */
const PYTHON_NON_FINITE = /([:[,]\s*)(?:NaN|-?Infinity)(?=\s*[,}\]])/g;

function parseLabelJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(PYTHON_NON_FINITE, '$1null'));
    } catch {
      return INVALID;
    }
  }
}
