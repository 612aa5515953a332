import { describe, expect, it } from 'vitest';
import { chooseChart, type ChartInput } from '../../../src/notebook/chart-choice.ts';

const columns = (spec: string) => spec.split(' ').map((name) => ({ name: name.replace(/#$/, ''), numeric: name.endsWith('#') }));

describe('chooseChart', () => {
  it('draws a comparison as mean ± CI per group, coloured by experiment', () => {
    const ranking: ChartInput = { kind: 'analysis', processor: 'compare', table: 'ranking', columns: columns('rank# group experiment trial n# mean# ci_low# ci_high#') };
    expect(chooseChart(ranking)).toEqual({ mark: 'whisker', x: 'mean', y: 'group', low: 'ci_low', high: 'ci_high', color: 'experiment' });
  });

  it('keeps a mark the author chose and puts the category on the axis that mark uses', () => {
    const ranking: ChartInput = { kind: 'analysis', processor: 'compare', table: 'ranking', columns: columns('rank# group experiment trial n# mean# ci_low# ci_high#') };
    expect(chooseChart(ranking, 'bar')).toEqual({ mark: 'bar', x: 'group', y: 'mean', low: 'ci_low', high: 'ci_high', color: 'experiment' });
    expect(chooseChart(ranking, 'histogram')).toEqual({ mark: 'histogram', x: 'mean' });
    expect(chooseChart(ranking, 'box')).toEqual({ mark: 'box', x: 'group', y: 'mean', color: 'experiment' });
  });

  it('reads grouped query rows by their columns: curves with a band, per-run values as a box, runs as curves', () => {
    const curves: ChartInput = { kind: 'query', columns: columns('experiment trial epoch# metric runs# mean# std# ci95_low# ci95_high#') };
    expect(chooseChart(curves)).toEqual({ mark: 'line', x: 'epoch', y: 'mean', color: 'trial', facet: 'experiment', low: 'ci95_low', high: 'ci95_high' });
    const values: ChartInput = { kind: 'query-runs', level: 'results', columns: columns('experiment trial run_id# status value#') };
    expect(chooseChart(values)).toEqual({ mark: 'box', x: 'trial', y: 'value', color: 'experiment' });
    const epochs: ChartInput = { kind: 'query-runs', level: 'epoch', columns: columns('run_id# epoch# value# experiment trial status') };
    expect(chooseChart(epochs)).toEqual({ mark: 'runs', x: 'epoch', y: 'value', color: 'trial' });
  });

  it('falls back on the shape of plain rows: labels, params, two numbers, one number', () => {
    expect(chooseChart({ kind: 'sql', columns: columns('trial label mean#') })).toEqual({ mark: 'heatmap', x: 'label', y: 'trial', color: 'mean' });
    expect(chooseChart({ kind: 'sql', columns: columns('lr# mean#') })).toEqual({ mark: 'dot', x: 'lr', y: 'mean' });
    expect(chooseChart({ kind: 'sql', columns: columns('duration# value#') })).toEqual({ mark: 'dot', x: 'duration', y: 'value' });
    expect(chooseChart({ kind: 'sql', columns: columns('value#') })).toEqual({ mark: 'histogram', x: 'value' });
    // Ids and counts are not what anyone plots.
    expect(chooseChart({ kind: 'sql', columns: columns('run_id# value#') })).toEqual({ mark: 'histogram', x: 'value' });
  });
});
