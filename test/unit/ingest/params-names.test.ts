import { describe, expect, it } from 'vitest';
import { paramsFromTrialName } from '../../../src/ingest/params/names.ts';

const parsed = (name: string) => paramsFromTrialName(name).map(({ key, value, value_num }) => [key, value, value_num]);

describe('params parsed from trial names', () => {
  it.each([
    // key=value, any value
    ['lr=0.01', [['lr', '0.01', 0.01]]],
    ['opt=adam', [['opt', 'adam', null]]],
    ['lr=1e-3', [['lr', '1e-3', 0.001]]],
    ['date=2024-01-05', [['date', '2024-01-05', null]]],
    ['optimizer.lr=0.1', [['optimizer.lr', '0.1', 0.1]]],
    ['λ=0.5', [['λ', '0.5', 0.5]]],
    ['a=b=c', [['a', 'b=c', null]]],
    // key_number and key-number
    ['bs_64', [['bs', '64', 64]]],
    ['lr_0.01', [['lr', '0.01', 0.01]]],
    ['drop-0.5', [['drop', '0.5', 0.5]]],
    ['lr-1e-3', [['lr', '1e-3', 0.001]]],
    ['lr_.01', [['lr', '.01', 0.01]]],
    ['weight_decay_0.0001', [['weight_decay', '0.0001', 0.0001]]],
    ['top-k_5', [['top-k', '5', 5]]],
    ['seed_3', [['seed', '3', 3]]],
    // separators: , ; | / whitespace and __
    ['lr=0.01,bs=64', [['lr', '0.01', 0.01], ['bs', '64', 64]]],
    ['lr=0.01 bs=64', [['lr', '0.01', 0.01], ['bs', '64', 64]]],
    ['lr=0.01;opt=adam', [['lr', '0.01', 0.01], ['opt', 'adam', null]]],
    ['model=resnet18|seed=3', [['model', 'resnet18', null], ['seed', '3', 3]]],
    ['opt=adam/lr=0.1', [['opt', 'adam', null], ['lr', '0.1', 0.1]]],
    ['lr_0.01__bs_64', [['lr', '0.01', 0.01], ['bs', '64', 64]]],
    // several pairs joined by one underscore
    ['lr_0.01_bs_64', [['lr', '0.01', 0.01], ['bs', '64', 64]]],
    ['bs_64_lr=0.01', [['bs', '64', 64], ['lr', '0.01', 0.01]]],
    ['lr=0.01_batch_size=64', [['lr', '0.01', 0.01], ['batch_size', '64', 64]]],
    ['opt=adam_lr=0.1', [['opt', 'adam', null], ['lr', '0.1', 0.1]]],
    ['lr=0.1_v2', [['lr', '0.1', 0.1]]],
    ['lr_0.01_adam', [['lr', '0.01', 0.01]]],
    // nothing: words without numbers, names with digits, dates, keys that do not start with a letter
    ['mlp_baseline', []],
    ['sgd_momentum', []],
    ['resnet18', []],
    ['vit_tiny', []],
    ['no_aug', []],
    ['run-2024-01-05', []],
    ['exp_2024_01', []],
    ['x=', []],
    ['1=2', []],
    ['_0.5', []],
    ['', []],
    [`it's; DROP TABLE runs; --"x`, []],
  ])('%j', (name, expected) => {
    expect(parsed(name)).toEqual(expected);
  });
});
