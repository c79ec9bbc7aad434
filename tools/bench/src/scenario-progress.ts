import { RateMeter, type ProgressLine } from '@tweet-pipeline/cli';

/** How far a scenario got: `done` of `total` tweets (or documents), in an optional phase such as `drain`. */
export type ScenarioProgress = (done: number, total: number, phase?: string) => void;

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * A scenario's progress on the bench's progress line, e.g.
 * `throughput: 45% (90,000 / 200,000), 15,234 /s`; the rate is since the phase began.
 */
export function scenarioProgress(line: ProgressLine, scenario: string): ScenarioProgress {
  const meters = new Map<string, RateMeter>();
  return (done, total, phase = '') => {
    let meter = meters.get(phase);
    if (meter === undefined) meters.set(phase, (meter = new RateMeter()));
    const percent = total > 0 ? Math.min(100, Math.floor((100 * done) / total)) : 0;
    line.update(
      `${scenario}${phase === '' ? '' : `, ${phase}`}: ${percent}% (${count(done)} / ${count(total)}), ` +
        `${count(meter.perSecond(done))} /s`,
    );
  };
}
