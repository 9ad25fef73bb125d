/**
 * Progress for long CLI work on stderr: a live line on a terminal, a plain line every few seconds otherwise
 * (CI logs, pipes), and always a final line. Time comes from the caller's clock so tests can drive it.
 */
export interface Progress {
  update(done: number, detail?: string): void;
  finish(detail?: string): void;
}

export function createProgress(
  label: string,
  total: number,
  options: { stream?: NodeJS.WriteStream; now?: () => number; intervalMs?: number } = {},
): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? (stream.isTTY ? 100 : 2000);
  const started = now();
  let last = -Infinity;
  let done = 0;
  const line = (detail?: string): string => {
    const seconds = (now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const pct = total > 0 ? ` ${((100 * done) / total).toFixed(0)}%` : '';
    return `${label}: ${done}/${total}${pct} · ${rate}/s · ${seconds.toFixed(1)}s${detail ? ` · ${detail}` : ''}`;
  };
  return {
    update(value, detail) {
      done = value;
      const t = now();
      if (t - last < interval) return;
      last = t;
      if (stream.isTTY) stream.write(`\r\x1b[2K${line(detail)}`);
      else stream.write(`${line(detail)}\n`);
    },
    finish(detail) {
      stream.write(`${stream.isTTY ? '\r\x1b[2K' : ''}${line(detail)}\n`);
    },
  };
}
