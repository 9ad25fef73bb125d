import type { Command } from 'commander';
import { loadConfig } from '../../core/config/config.ts';
import { OofError } from '../../core/errors/oof-error.ts';
import { createLogger } from '../../core/log/logger.ts';
import { createBacktest } from '../../launch/backtest/backtest-engine.ts';
import type { BacktestReport } from '../../launch/backtest/backtest-ledger.ts';
import { DOCUMENTED_FEES, feeSchedule, type FeePolicy } from '../../launch/backtest/fee-schedule.ts';
import { periodEvents } from '../../launch/backtest/period-events.ts';
import { createStrategy, DEFAULT_STRATEGY, STRATEGY_NAMES } from '../../launch/strategy/strategy-registry.ts';
import type { Db } from '../../store/database.ts';
import { readLaunchEventsAfter } from '../../store/launch/launch-events.repository.ts';
import { openDatabase } from '../../store/open-database.ts';
import { feePolicies } from '../../store/schema/launch-tables.ts';

interface BacktestFlags {
  strategy: string;
  from: string;
  to: string;
  json?: boolean;
  slippageBps: string;
  latencyMs: string;
}

/** `--from`/`--to`: an ISO 8601 time with its zone, or Unix milliseconds. */
export function parseTimeFlag(name: string, text: string): bigint {
  if (/^\d{1,16}$/.test(text)) return BigInt(text);
  const ms = /(Z|[+-]\d\d:?\d\d)$/.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new OofError(
      'CONFIG_INVALID',
      `--${name} must be an ISO 8601 time with its zone (2025-04-02T00:00:00Z) or Unix milliseconds, ` +
        `got ${JSON.stringify(text)}.`,
    );
  }
  return BigInt(ms);
}

const integerFlag = (name: string, text: string, max: number): bigint => {
  if (!/^\d+$/.test(text) || Number(text) > max) {
    throw new OofError(
      'CONFIG_INVALID',
      `--${name} must be an integer from 0 to ${max}, got ${JSON.stringify(text)}.`,
    );
  }
  return BigInt(text);
};

async function readFeePolicies(db: Db): Promise<FeePolicy[]> {
  const rows = await db.select().from(feePolicies);
  return rows.map((r) => ({
    venue: r.venue,
    effectiveFromMs: r.effectiveFromMs,
    protocolFeeBps: BigInt(r.protocolFeeBps),
    creatorFeeBps: BigInt(r.creatorFeeBps),
    lpFeeBps: BigInt(r.lpFeeBps),
    networkFeeLamports: BigInt(r.networkFeeLamports),
  }));
}

/**
 * `oof backtest --strategy NAME --from --to`: the strategy over the stored launch events of a period, fills
 * simulated on the curve and AMM math with the stored fee policies and a slippage model. The report (stdout) is
 * a function of the stored events and the options: the same command prints the same bytes.
 */
export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description('backtest a launch strategy on a stored period: PnL, win rate, drawdown, exposure, reasons')
    .option('--strategy <name>', `strategy to run (${STRATEGY_NAMES.join(', ')})`, DEFAULT_STRATEGY)
    .requiredOption('--from <time>', 'start of the period (ISO 8601 or Unix ms), inclusive')
    .requiredOption('--to <time>', 'end of the period (ISO 8601 or Unix ms), exclusive')
    .option('--slippage-bps <n>', 'adverse move on every fill, basis points', '100')
    .option('--latency-ms <n>', 'time from decision to execution; intents with a shorter ttl expire', '0')
    .option('--json', 'print the report as JSON (with every round trip)')
    .action(async (flags: BacktestFlags) => {
      const fromMs = parseTimeFlag('from', flags.from);
      const toMs = parseTimeFlag('to', flags.to);
      if (toMs <= fromMs) {
        throw new OofError('CONFIG_INVALID', `--to (${flags.to}) must be after --from (${flags.from}).`);
      }
      const slippageBps = integerFlag('slippage-bps', flags.slippageBps, 10_000);
      const latencyMs = integerFlag('latency-ms', flags.latencyMs, 86_400_000);
      const strategy = createStrategy(flags.strategy);
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const database = await openDatabase(config, logger, { migrate: true });
      try {
        const stored = await readFeePolicies(database.db);
        if (stored.length === 0) {
          process.stderr.write('oof backtest: no fee_policies rows; using the documented protocol fees\n');
        }
        const run = createBacktest(strategy, {
          fees: feeSchedule(stored.length === 0 ? DOCUMENTED_FEES : stored),
          slippageBps,
          latencyMs,
          fromMs,
          toMs,
        });
        const started = performance.now();
        let lastReport = started;
        let events = 0;
        const progress = (scanned: number): void => {
          const now = performance.now();
          if (now - lastReport < 2000) return;
          lastReport = now;
          process.stderr.write(
            `oof backtest: ${scanned} log events read · ${events} in the period · ${((now - started) / 1000).toFixed(1)} s\n`,
          );
        };
        for await (const e of periodEvents(
          (after, limit) => readLaunchEventsAfter(database.db, after, limit),
          fromMs,
          toMs,
          {
            onPage: progress,
          },
        )) {
          events += 1;
          run.onEvent(e);
        }
        const { report } = run.finish();
        process.stderr.write(
          `oof backtest: ${events} events, ${report.intents} intents in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
        );
        if (events === 0) {
          process.stderr.write(
            'oof backtest: no stored launch events in this period — check --from/--to, or run `oof executor` ' +
              '(or `oof replay`) to fill the event log first\n',
          );
        }
        process.stdout.write(
          flags.json === true
            ? `${JSON.stringify({ strategy: flags.strategy, slippageBps: Number(slippageBps), latencyMs: Number(latencyMs), events, ...report })}\n`
            : formatReport(flags.strategy, events, slippageBps, latencyMs, report),
        );
      } finally {
        await database.close();
      }
    });
}

export function formatReport(
  strategy: string,
  events: number,
  slippageBps: bigint,
  latencyMs: bigint,
  r: BacktestReport,
): string {
  const outcomes = Object.entries(r.outcomes)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const lines = [
    `oof backtest ${strategy} · ${r.from} → ${r.to} · slippage ${slippageBps} bps · latency ${latencyMs} ms`,
    `events ${events} · intents ${r.intents}${outcomes === '' ? '' : ` (${outcomes})`}`,
    `round trips ${r.roundTrips} · wins ${r.wins} · win rate ${r.winRatePct} % · open positions ${r.openPositions}`,
    `PnL ${r.totalPnlSol} SOL (realized ${r.realizedPnlSol}, unrealized ${r.unrealizedPnlSol}) · ` +
      `fees ${r.tradeFeesSol} SOL trade + ${r.networkFeesSol} SOL network`,
    `max drawdown ${r.maxDrawdownSol} SOL · exposure max ${r.maxExposureSol} SOL, average ${r.avgExposureSol} SOL, ` +
      `time in market ${r.timeInMarketPct} %`,
  ];
  if (r.byReason.length > 0) {
    lines.push(
      '',
      `${'reason'.padEnd(24)}${'intents'.padStart(8)}${'trades'.padStart(8)}${'wins'.padStart(6)}${'PnL SOL'.padStart(16)}`,
    );
    for (const s of r.byReason) {
      lines.push(
        `${s.reason.padEnd(24)}${String(s.intents).padStart(8)}${String(s.trades).padStart(8)}` +
          `${String(s.wins).padStart(6)}${s.pnlSol.padStart(16)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
