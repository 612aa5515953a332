// Deterministic, realistic Experiment Manager snapshots: the bundled sample and the
// benchmark inputs. Everything derives from one seeded PRNG, so equal options give
// byte-identical files.
import { SnapshotWriter, isoformat, sqliteDatetime } from './writer.ts';

export interface GenerateOptions {
  seed?: number;
  /** How many experiments from the built-in catalog, or their titles (unknown titles reuse catalog curves). */
  experiments?: number | string[];
  trialsPerExperiment?: number;
  runsPerTrial?: number;
  epochs?: number;
  /** Logged batches per epoch (each with one `batch_loss`); 0 for none. */
  batchesPerEpoch?: number;
  /** Share of runs that crash mid-way (fewer epochs, no RESULTS row). */
  failureRate?: number;
  /** Scale runs and epochs so the METRIC table has roughly this many rows. */
  targetMetricRows?: number;
  /** Older tracker versions have no BATCH tables; false also means no batches. */
  batchTables?: boolean;
}

interface TrialProfile {
  name: string;
  acc: number; // accuracy the trial saturates at
  tau: number; // epochs to get ~63% of the way there
  lr: number;
  secPerEpoch: number;
  overfit?: number; // how much val_loss climbs in the second half
  noise?: number; // epoch-to-epoch jitter of val_acc
}

interface ExperimentProfile {
  title: string;
  desc: string | null;
  trials: TrialProfile[];
}

// Plateaus differ per trial so that comparing trials in the sample shows real differences.
const CATALOG: ExperimentProfile[] = [
  {
    title: 'lr_sweep',
    desc: 'Learning-rate sweep, ResNet-18 on CIFAR-10',
    trials: [
      { name: 'lr=0.1', acc: 0.884, tau: 2.5, lr: 0.1, secPerEpoch: 38, noise: 0.012 },
      { name: 'lr=0.01', acc: 0.917, tau: 4, lr: 0.01, secPerEpoch: 38 },
      { name: 'lr=0.001', acc: 0.835, tau: 11, lr: 0.001, secPerEpoch: 38 },
    ],
  },
  {
    title: 'arch_compare',
    desc: 'MLP baseline vs ResNet-18 vs a tiny ViT',
    trials: [
      { name: 'mlp_baseline', acc: 0.548, tau: 3, lr: 0.01, secPerEpoch: 6, noise: 0.008 },
      { name: 'resnet18', acc: 0.931, tau: 4, lr: 0.05, secPerEpoch: 41 },
      { name: 'vit_tiny', acc: 0.872, tau: 8, lr: 0.001, secPerEpoch: 57 },
    ],
  },
  {
    title: 'augmentation',
    desc: null,
    trials: [
      { name: 'no_aug', acc: 0.876, tau: 3, lr: 0.05, secPerEpoch: 35, overfit: 0.9 },
      { name: 'flip_crop', acc: 0.926, tau: 4.5, lr: 0.05, secPerEpoch: 39, overfit: 0.15 },
      { name: 'randaugment', acc: 0.941, tau: 7, lr: 0.05, secPerEpoch: 46 },
    ],
  },
  {
    title: 'optimizer',
    desc: 'SGD with momentum vs Adam vs AdamW',
    trials: [
      { name: 'sgd_momentum', acc: 0.921, tau: 5, lr: 0.05, secPerEpoch: 40 },
      { name: 'adam', acc: 0.903, tau: 3, lr: 0.001, secPerEpoch: 42, overfit: 0.4 },
      { name: 'adamw', acc: 0.929, tau: 3.5, lr: 0.001, secPerEpoch: 42 },
    ],
  },
  {
    title: 'batch_size',
    desc: 'Batch size at a fixed epoch budget',
    trials: [
      { name: 'bs_64', acc: 0.924, tau: 4, lr: 0.05, secPerEpoch: 52 },
      { name: 'bs_256', acc: 0.915, tau: 5, lr: 0.1, secPerEpoch: 31 },
      { name: 'bs_1024', acc: 0.889, tau: 7, lr: 0.2, secPerEpoch: 24 },
    ],
  },
];

export const CIFAR_CLASSES = [
  'airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck',
];
// Relative error per class (cats and dogs are hard) and which classes get mistaken for each other.
const CLASS_ERROR = [0.8, 0.6, 1.4, 1.9, 1.1, 1.5, 0.8, 0.8, 0.6, 0.7];
const CONFUSABLE: Array<[number, number]> = [[3, 5], [1, 9], [0, 8], [2, 4], [4, 7], [2, 6]];
const TEST_PER_CLASS = 1000;
const BATCHES_IN_EPOCH = 391; // CIFAR-10 at batch size 128: logged batch indices spread over this
const EPOCH_METRICS = 4; // train_loss, val_loss, val_acc, learning_rate
const RESULTS_METRICS = 2; // test_acc, test_loss (confusion only for some runs)

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** `json.dumps` layout (`{"a": 1, "b": {"c": 2}}`), since the tracker serialises with Python. */
function pyJson(value: number | { [key: string]: number | object }): string {
  if (typeof value === 'number') return JSON.stringify(value);
  const parts = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pyJson(v as typeof value)}`);
  return `{${parts.join(', ')}}`;
}

function resolveExperiments(spec: number | string[], trialsPer: number): ExperimentProfile[] {
  const titles = typeof spec === 'number'
    ? Array.from({ length: spec }, (_, i) => CATALOG[i]?.title ?? `experiment_${i + 1}`)
    : spec;
  return titles.map((title, i) => {
    const base = CATALOG.find((e) => e.title === title) ?? CATALOG[i % CATALOG.length];
    const trials = Array.from({ length: trialsPer }, (_, t) => {
      const p = base.trials[t % base.trials.length];
      const round = Math.floor(t / base.trials.length);
      // Extra trials are variants of the catalog ones, slightly worse each round.
      return round === 0 ? p : { ...p, name: `${p.name}_v${round + 1}`, acc: p.acc - 0.01 * round };
    });
    return { title, desc: base.desc, trials };
  });
}

function rowsPerRun(epochs: number, batches: number, failureRate: number): number {
  const perEpoch = EPOCH_METRICS + batches;
  const finished = epochs * perEpoch + RESULTS_METRICS;
  const crashed = (epochs / 2) * perEpoch + Math.floor(batches / 2);
  return (1 - failureRate) * finished + failureRate * crashed;
}

// Grow epochs by the square root of the factor and let the run count absorb the rest,
// so large snapshots have both long curves and many runs.
function planSizes(trials: number, runs: number, epochs: number, batches: number, f: number, target?: number) {
  if (!target) return { runs, epochs };
  const factor = target / (trials * runs * rowsPerRun(epochs, batches, f));
  const e = clamp(Math.round(epochs * Math.sqrt(factor)), 2, 150);
  const r = Math.max(1, Math.round((target - trials * (1 - f)) / (trials * rowsPerRun(e, batches, f))));
  return { runs: r, epochs: e };
}

/** Microsecond clock whose stamps look like the tracker's `datetime.now().isoformat()`. */
class Clock {
  constructor(private us: number, private readonly rng: () => number) {}

  advance(seconds: number): void {
    this.us += Math.max(1, Math.round(seconds * 1e6));
  }

  now(): string {
    // Now and then the microseconds are 0 and Python drops the fraction.
    if (this.rng() < 0.03) this.us = Math.ceil(this.us / 1e6) * 1e6;
    return isoformat(new Date(Math.floor(this.us / 1000)), this.us % 1000);
  }

  sqliteNow(): string {
    return sqliteDatetime(new Date(Math.floor(this.us / 1000)));
  }
}

function confusionMatrix(rng: () => number, acc: number): number[][] {
  return CIFAR_CLASSES.map((_, i) => {
    const err = clamp((1 - acc) * CLASS_ERROR[i] * (1 + 0.1 * gaussian(rng)), 0, 0.95);
    const wrong = Math.round(TEST_PER_CLASS * err);
    const weights = CIFAR_CLASSES.map((_, j) => {
      if (j === i) return 0;
      const close = CONFUSABLE.some(([a, b]) => (a === i && b === j) || (a === j && b === i));
      return (close ? 6 : 1) * (0.5 + rng());
    });
    const sum = weights.reduce((s, w) => s + w, 0);
    const row = weights.map((w) => Math.floor((wrong * w) / sum));
    const heaviest = weights.indexOf(Math.max(...weights));
    row[heaviest] += wrong - row.reduce((s, c) => s + c, 0);
    row[i] = TEST_PER_CLASS - wrong;
    return row;
  });
}

interface RunPlan {
  experiment: string;
  trial: TrialProfile;
  trialId: number;
  seedIdx: number;
  epochs: number;
  batches: number;
  crashAt: number | null; // epoch during which the run died
  status: string;
}

function writeRun(w: SnapshotWriter, clock: Clock, rng: () => number, plan: RunPlan): void {
  const { trial, epochs, batches } = plan;
  const runId = w.run(plan.trialId, { start_time: clock.now() });
  const accInf = trial.acc + 0.006 * gaussian(rng); // seeds differ a little
  const noise = trial.noise ?? 0.005;
  const lastEpoch = plan.crashAt ?? epochs;
  let trainLoss = 2.3;
  let valLoss = 2.3;
  for (let e = 0; e <= Math.min(lastEpoch, epochs - 1); e++) {
    const crashing = e === plan.crashAt;
    clock.advance(0.05 + 0.02 * rng());
    w.epoch(runId, e, clock.now());
    const epochSec = trial.secPerEpoch * (1 + 0.04 * gaussian(rng));
    const decay = Math.exp(-(e + 1) / trial.tau);
    const progress = (e + 1) / epochs;
    const nextTrain = ((1 - accInf) * 0.8 * (1 - 0.5 * progress) + 2.2 * decay) * (1 + 0.02 * gaussian(rng));
    const logged = crashing ? Math.floor(batches / 2) : batches;
    for (let b = 0; b < logged; b++) {
      clock.advance(epochSec / (batches + 1));
      const idx = b * Math.max(1, Math.floor(BATCHES_IN_EPOCH / batches));
      w.batch(runId, e, idx, clock.now());
      const t = (b + 1) / (batches + 1);
      const batchLoss = (trainLoss + (nextTrain - trainLoss) * t) * (1 + 0.08 * gaussian(rng));
      w.batchMetric(runId, e, idx, 'batch_loss', Math.max(0.001, batchLoss));
    }
    if (crashing) {
      clock.advance(epochSec / 2);
      // Only tools other than the tracker record a status; they also touch update_time.
      if (plan.status !== 'started') {
        w.exec('UPDATE TRIAL_RUN SET status = ?, update_time = ? WHERE id = ?', [plan.status, clock.now(), runId]);
      }
      return;
    }
    clock.advance(epochSec * (1 - logged / (batches + 1)));
    trainLoss = nextTrain;
    const overfit = (trial.overfit ?? 0) * Math.max(0, progress - 0.4);
    valLoss = ((1 - accInf) * 1.4 + 2.1 * decay + overfit) * (1 + 0.03 * gaussian(rng));
    const valAcc = clamp(0.1 + (accInf - 0.1) * (1 - decay) + noise * gaussian(rng), 0, 1);
    const lr = trial.lr * 0.5 * (1 + Math.cos((Math.PI * e) / epochs)); // cosine schedule
    w.epochMetric(runId, e, 'train_loss', trainLoss);
    w.epochMetric(runId, e, 'val_loss', valLoss);
    w.epochMetric(runId, e, 'val_acc', valAcc);
    w.epochMetric(runId, e, 'learning_rate', lr);
  }
  clock.advance(2 + rng()); // evaluation on the test set
  writeResults(w, clock, rng, runId, plan, accInf, valLoss);
}

function writeResults(
  w: SnapshotWriter, clock: Clock, rng: () => number, runId: number, plan: RunPlan, accInf: number, valLoss: number,
): void {
  // A few tracker paths stamp RESULTS with SQLite's datetime('now').
  w.results(runId, rng() < 0.08 ? clock.sqliteNow() : clock.now());
  const matrix = confusionMatrix(rng, accInf + 0.003 * gaussian(rng));
  const correct = matrix.map((row, i) => row[i]);
  const testAcc = correct.reduce((s, c) => s + c, 0) / (TEST_PER_CLASS * CIFAR_CLASSES.length);
  const perClass = Object.fromEntries(CIFAR_CLASSES.map((c, i) => [c, correct[i] / TEST_PER_CLASS]));
  w.resultsMetric(runId, 'test_acc', testAcc, pyJson(perClass));
  w.resultsMetric(runId, 'test_loss', valLoss * (1 + 0.02 * gaussian(rng)));
  if (plan.seedIdx === 0) {
    const nested = Object.fromEntries(
      CIFAR_CLASSES.map((c, i) => [c, Object.fromEntries(CIFAR_CLASSES.map((d, j) => [d, matrix[i][j]]))]),
    );
    w.resultsMetric(runId, 'confusion', testAcc, pyJson(nested));
  }
  w.artifact('checkpoint', `outputs/${plan.experiment}/${plan.trial.name}/run${runId}/model.pt`, { runId });
}

/** Builds a whole snapshot and returns its SQLite bytes. */
export async function generateSnapshot(options: GenerateOptions = {}): Promise<Uint8Array> {
  const rng = mulberry32(options.seed ?? 42);
  const batchTables = options.batchTables ?? true;
  const batches = batchTables ? Math.max(0, options.batchesPerEpoch ?? 2) : 0;
  const failureRate = clamp(options.failureRate ?? 0.1, 0, 1);
  const experiments = resolveExperiments(options.experiments ?? 4, options.trialsPerExperiment ?? 3);
  const trialCount = experiments.reduce((s, e) => s + e.trials.length, 0);
  const { runs, epochs } = planSizes(
    trialCount, options.runsPerTrial ?? 5, options.epochs ?? 25, batches, failureRate, options.targetMetricRows,
  );
  const w = await SnapshotWriter.create({ batchTables });
  const clock = new Clock(Date.UTC(2026, 2, 2, 9, 0, 0) * 1000, rng);
  clock.advance(60 * rng());
  let crashes = 0;
  for (const exp of experiments) {
    const experimentId = w.experiment({ title: exp.title, desc: exp.desc, start_time: clock.now() });
    for (const trial of exp.trials) {
      clock.advance(0.1 + rng());
      const trialId = w.trial(experimentId, { name: trial.name, start_time: clock.now() });
      w.artifact('params', `outputs/${exp.title}/${trial.name}/params.json`, { trialId });
      for (let seedIdx = 0; seedIdx < runs; seedIdx++) {
        clock.advance(0.5 + 2 * rng());
        const crashed = rng() < failureRate;
        const crashAt = crashed ? (epochs > 1 ? 1 + Math.floor(rng() * (epochs - 1)) : 0) : null;
        // Every third crash gets a 'failed' written by some other tool; the tracker never updates status.
        const status = crashed && crashes++ % 3 === 1 ? 'failed' : 'started';
        writeRun(w, clock, rng, { experiment: exp.title, trial, trialId, seedIdx, epochs, batches, crashAt, status });
      }
    }
    w.artifact('metrics', `outputs/${exp.title}/metrics.csv`, { experimentId });
    clock.advance(3600 * (2 + 20 * rng())); // the next experiment starts hours later
  }
  const bytes = w.export();
  w.close();
  return bytes;
}
