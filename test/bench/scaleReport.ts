import os from 'node:os';
import { percentile } from './measure';

/** The machine is shared: every figure carries the 1-minute load average it was measured under. */
const load = () => Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
const round = (value: number) => Math.round(value * 1000) / 1000;

/** One figure of one storage, as a JSON line. */
export function reportValue(storage: string, name: string, value: number, unit: string): void {
  console.log(JSON.stringify({ storage, name, value: round(value), unit, load: load() }));
}

/** Percentiles of timed samples, as a JSON line. */
export function reportSamples(storage: string, name: string, samples: readonly number[]): void {
  console.log(
    JSON.stringify({
      storage,
      name,
      unit: 'ms',
      p50: round(percentile(samples, 50)),
      p95: round(percentile(samples, 95)),
      samples: samples.length,
      load: load(),
    }),
  );
}
