/** Timing: one warm-up (JIT, wasm compilation, caches), then `runs` timed repetitions. */
export interface Timing {
  /** Every timed run, in milliseconds, in the order they ran. */
  ms: number[];
  median: number;
  min: number;
  max: number;
}

/** `measured`, when given, reads the time from the task's result (a task that times only part of itself). */
export async function time<T>(runs: number, task: () => Promise<T> | T, measured?: (result: T) => number): Promise<{ timing: Timing; last: T }> {
  let last = await task();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    last = await task();
    ms.push(measured ? measured(last) : performance.now() - started);
  }
  return { timing: summarize(ms), last };
}

export function summarize(ms: number[]): Timing {
  const sorted = [...ms].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { ms, median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** The process's peak resident memory so far, in bytes (Linux and macOS report it; 0 elsewhere). */
export function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}
