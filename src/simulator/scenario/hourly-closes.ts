import { readFileSync } from 'node:fs';
import { OofError } from '../../core/errors/oof-error.ts';
import { plainDecimal } from './exact-ratio.ts';

const ROW_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):00:00,(\S+)$/;

/**
 * A Binance hourly close series (`open_time,close`, UTC) from ../shared/data/mark6-binance-hourly-closes, read
 * at run time (never copied into the repository): unix second of the hour → the close as plain decimal text.
 */
export class HourlyCloses {
  private constructor(
    readonly symbol: string,
    private readonly byHour: ReadonlyMap<number, string>,
  ) {}

  static read(path: string, symbol: string): HourlyCloses {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new OofError(
        'SIMULATE_OPTIONS_INVALID',
        `cannot read the hourly closes of ${symbol} at ${path}`,
        {},
        e,
      );
    }
    const byHour = new Map<number, string>();
    for (const line of text.split(/\r?\n/).slice(1)) {
      if (line.trim() === '') continue;
      const m = ROW_RE.exec(line.trim());
      if (m === null)
        throw new OofError('SIMULATE_OPTIONS_INVALID', `bad hourly close row ${JSON.stringify(line)}`);
      const [, y, mo, d, h, close = ''] = m;
      byHour.set(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h)) / 1000, plainDecimal(close));
    }
    return new HourlyCloses(symbol, byHour);
  }

  /** The close of the hour holding `unixSeconds`; a scenario event in an hour without a close is an error. */
  closeAt(unixSeconds: number): string {
    const close = this.byHour.get(unixSeconds - (unixSeconds % 3600));
    if (close === undefined) {
      throw new OofError(
        'SIMULATE_OPTIONS_INVALID',
        `no ${this.symbol} close for ${new Date(unixSeconds * 1000).toISOString()}`,
      );
    }
    return close;
  }

  /** Hours from `fromSeconds` on, in time order. */
  hoursFrom(fromSeconds: number): Array<readonly [number, string]> {
    return [...this.byHour].filter(([h]) => h >= fromSeconds).sort(([a], [b]) => a - b);
  }
}
