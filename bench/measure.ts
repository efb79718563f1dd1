/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Milliseconds one call takes. */
export async function timeIt(work: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** Samples resident memory while `work` runs and returns the peak in MB with the result. */
export async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

/** A figure's budget: the median must stay under `under` (in the figure's own unit). */
export interface Budget {
  figure: string;
  under: number;
  /** Where the budget comes from, e.g. "issue 2". */
  source: string;
  /** The figure's unit (default ms). */
  unit?: string;
}

/** Prints each budgeted figure with its target, its measured median and ✓ or ✗. */
export function printBudgets(
  title: string,
  figures: Record<string, number>,
  budgets: readonly Budget[],
): void {
  console.log(`\n${title}: targets`);
  for (const b of budgets) {
    const value = figures[b.figure];
    if (value === undefined) continue;
    const mark = value < b.under ? '✓' : '✗';
    console.log(
      `  ${mark} ${b.figure.padEnd(32)} ${value.toFixed(1).padStart(9)} ${b.unit ?? 'ms'}  (target < ${b.under} ${b.unit ?? 'ms'}, ${b.source})`,
    );
  }
}
