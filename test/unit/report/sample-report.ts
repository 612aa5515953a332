import type { Report } from '../../../src/report/report.ts';
import { PLOT_SVG } from './plot-svg.ts';

// Strings a snapshot could hold (trial names, metric names, error messages), written to break out.
export const IMG_ATTACK = '<img src=x onerror=alert(1)>';
export const STYLE_ATTACK = '</style><script>alert(1)</script>';
export const LINK_ATTACK = '[x](javascript:alert(1))';

export const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

/** A notebook with one cell of each kind and state, and hostile text wherever the snapshot reaches. */
export function sampleReport(): Report {
  return {
    title: `Sweep ${STYLE_ATTACK}`,
    snapshot: `tracker ${IMG_ATTACK}.db`,
    createdAt: new Date(Date.UTC(2026, 4, 17, 9, 30, 0)),
    cells: [
      {
        name: 'intro',
        kind: 'markdown',
        source: '# Notes\n\nSee *this*.',
        markdownHtml: '<h1>Notes</h1>\n<p>See <em>this</em>.</p>',
        status: 'done',
        findings: [],
        notes: [],
        tables: [],
        charts: [],
      },
      {
        name: IMG_ATTACK,
        kind: 'sql',
        source: "SELECT trial, mean FROM per_trial\nWHERE trial <> '</code></pre><script>alert(1)</script>' -- ``` and ````",
        status: 'done',
        summary: '5 rows in 12 ms',
        findings: [],
        notes: [],
        tables: [
          {
            title: `per trial ${IMG_ATTACK}`,
            columns: ['trial', 'mean', STYLE_ATTACK, 'meta'],
            rows: [
              [IMG_ATTACK, 0.912345678, 5, { a: [1, 2] }],
              ['lr=0.01 | bs=32 \\ "q" & \'s\'\nsecond line', Number.NaN, null, null],
              [STYLE_ATTACK, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, true],
            ],
            totalRows: 5,
          },
        ],
        charts: [],
      },
      {
        name: 'compare',
        kind: 'analysis',
        source: 'input: per_trial\ncompare: { by: trial }',
        status: 'done',
        findings: [`${IMG_ATTACK} beats the baseline (p = 0.003)`, LINK_ATTACK],
        notes: ['2 runs excluded: no final metric'],
        tables: [],
        charts: [],
      },
      {
        name: 'curves',
        kind: 'chart',
        source: 'input: per_epoch\nmark: line',
        status: 'done',
        findings: [],
        notes: [],
        tables: [],
        charts: [
          { title: 'val_loss by epoch', fileStem: 'val loss/epoch', svg: PLOT_SVG, png: PNG, width: 640, height: 400, caption: `one line per trial ${IMG_ATTACK}` },
          { title: 'Val loss', fileStem: 'Val-loss-epoch', svg: PLOT_SVG, width: 640, height: 400 },
          { title: 'hostile', fileStem: '../../etc/passwd', svg: '<svg><script>alert(1)</script></svg>', width: 10, height: 10 },
        ],
      },
      {
        name: 'broken',
        kind: 'query',
        source: 'metrics: { names: [nope] }',
        status: 'failed',
        error: `Binder Error: column "x" ${IMG_ATTACK}\nLINE 1: SELECT x`,
        findings: [],
        notes: [],
        tables: [],
        charts: [],
      },
      {
        name: 'later',
        kind: 'chart',
        source: 'input: broken',
        status: 'not run',
        findings: [],
        notes: [],
        tables: [],
        charts: [],
      },
    ],
  };
}
