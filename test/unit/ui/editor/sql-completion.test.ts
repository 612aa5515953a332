import { CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { PostgreSQL, sql } from '@codemirror/lang-sql';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { SQL_DIALECT, metricInString, sqlCompletion, sqlCompletionConfig } from '../../../../src/ui/editor/sql-completion.ts';

const metrics = ['test_acc', 'val_loss', 'test_acc'];

/** Completes where `|` is; the text without it is what the editor holds. */
function complete(textWithCaret: string) {
  const pos = textWithCaret.indexOf('|');
  const result = metricInString(textWithCaret.replace('|', ''), pos, metrics);
  return result && { from: result.from, to: result.to, labels: result.options.map((o) => o.label) };
}

describe('metricInString', () => {
  it("offers each metric name once inside a '…' string, from after the quote", () => {
    expect(complete("SELECT * FROM metrics WHERE metric = 'te|")).toEqual({ from: 38, to: 40, labels: ['test_acc', 'val_loss'] });
    // The rest of the string is replaced too, up to its closing quote.
    expect(complete("WHERE metric = 'te|st' AND x = 1")).toEqual({ from: 16, to: 20, labels: ['test_acc', 'val_loss'] });
    expect(complete("WHERE metric IN ('val_loss', '|')")?.from).toBe(30);
  });

  it('offers nothing outside a string, in an identifier or a comment', () => {
    expect(complete("WHERE metric = 'test_acc' AND te|")).toBeNull();
    expect(complete('SELECT "it\'s te|" FROM t')).toBeNull();
    expect(complete("-- where metric = 'te|")).toBeNull();
    expect(complete("/* metric = 'te| */")).toBeNull();
    expect(complete("SELECT 'a''b', x|")).toBeNull();
  });

  it("treats '' as a quote inside the string", () => {
    expect(complete("WHERE note = 'it''s te|")?.from).toBe(14);
  });

  it('finds strings after comments and quoted identifiers', () => {
    expect(complete("SELECT \"odd'name\" -- it's\nFROM m WHERE metric = 'v|")).toEqual({ from: 49, to: 50, labels: ['test_acc', 'val_loss'] });
  });
});

describe('sqlCompletion', () => {
  const schema = { tables: { runs: ['run_id', 'status'], per_trial: ['trial', 'mean'] }, metricNames: metrics };

  /** The labels each source offers at `|`, in an editor state (no view) holding the SQL. */
  async function offered(textWithCaret: string): Promise<string[][]> {
    const pos = textWithCaret.indexOf('|');
    const state = EditorState.create({ doc: textWithCaret.replace('|', ''), extensions: sql({ dialect: SQL_DIALECT }) });
    const results = await Promise.all(sqlCompletion(schema).map((source) => source(new CompletionContext(state, pos, false))));
    return results.map((result: CompletionResult | null) => (result ? result.options.map((o) => o.label) : []));
  }

  it('configures the PostgreSQL dialect with the tables and upper-case keywords', () => {
    expect(sqlCompletionConfig(schema)).toEqual({ dialect: PostgreSQL, schema: schema.tables, upperCaseKeywords: true });
  });

  it('offers tables, columns and keywords in SQL, and only metric names inside a string', async () => {
    const [tables, keywords, inString] = await offered('SELECT * FROM per|');
    expect(tables).toEqual(expect.arrayContaining(['runs', 'per_trial']));
    expect(keywords).toContain('SELECT');
    expect(inString).toEqual([]);
    expect((await offered('SELECT per_trial.m|'))[0]).toEqual(['trial', 'mean']);
    expect(await offered("SELECT * FROM metrics WHERE metric = 'te|")).toEqual([[], [], ['test_acc', 'val_loss']]);
  });
});
