import { isoformat, SnapshotWriter } from '../../src/sample/writer.ts';

/** The shape of tracker-example.db (the Experiment Manager's own output), as the overview must count it. */
export const TRACKER_LIKE_COUNTS = {
  experiments: [{ title: 'mnist_baseline', trials: 2, runs: 10 }],
  byStatus: { completed: 9, failed: 0, incomplete: 1 },
  runs: 10,
};

/**
 * A snapshot built the way the tracker writes one: every run left at "started", isoformat()
 * times; two trials of five runs, one run stopped after two epochs without results. Built here
 * so the suite needs no file from outside the repository.
 */
export async function buildTrackerLikeSnapshot(): Promise<Uint8Array> {
  const w = await SnapshotWriter.create();
  let clock = Date.UTC(2026, 10, 30, 2, 28, 9, 328);
  const now = () => isoformat(new Date((clock += 1_537)), 530);
  const experiment = w.experiment({ title: 'mnist_baseline', desc: 'MNIST perceptron vs batch gradient', start_time: now() });
  for (const name of ['perceptron', 'batch_gradient']) {
    const trial = w.trial(experiment, { name, start_time: now() });
    for (let seed = 0; seed < 5; seed++) {
      const run = w.run(trial, { start_time: now() });
      const stopped = name === 'batch_gradient' && seed === 4;
      const epochs = stopped ? 2 : 6;
      for (let epoch = 0; epoch < epochs; epoch++) {
        w.epoch(run, epoch, now());
        w.epochMetric(run, epoch, 'train_loss', 1 / (epoch + 1 + seed / 10));
        w.epochMetric(run, epoch, 'val_acc', 0.8 + epoch * 0.02 - seed * 0.003);
      }
      if (stopped) continue;
      const perLabel = Object.fromEntries(Array.from({ length: 10 }, (_, digit) => [String(digit), 0.85 + ((digit * 7 + seed) % 10) / 100]));
      w.resultsMetric(run, 'test_acc', 0.9 - seed * 0.004 + (name === 'perceptron' ? 0 : 0.03), JSON.stringify(perLabel), now());
      w.resultsMetric(run, 'test_loss', 0.3 + seed * 0.01);
      w.artifact('checkpoint', `/runs/${name}/${seed}/model.pt`, { runId: run });
    }
  }
  const bytes = w.export();
  w.close();
  return bytes;
}
