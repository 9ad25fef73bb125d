import type { Command } from 'commander';
import { loadConfig } from '../../core/config/config.ts';
import { OofError } from '../../core/errors/oof-error.ts';
import { createLogger } from '../../core/log/logger.ts';
import { replayLaunchPeriod } from '../../launch/replay/replay-period.ts';
import { recordReplayIntents } from '../../launch/backtest/replay-intents.ts';
import { DEFAULT_STRATEGY, STRATEGY_NAMES } from '../../launch/strategy/strategy-registry.ts';
import { writeFileSync } from 'node:fs';
import { openDatabase } from '../../store/open-database.ts';

interface ReplayFlags {
  from: string;
  to: string;
  strategy: string;
  intents?: string;
}

/** An ISO 8601 time or Unix milliseconds → Unix ms. */
export function parseTimeMs(name: string, text: string): bigint {
  if (/^\d{1,16}$/.test(text)) return BigInt(text);
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) {
    throw new OofError(
      'CONFIG_INVALID',
      `--${name} must be an ISO 8601 time (2025-04-02T00:00:00Z) or Unix milliseconds, got ${JSON.stringify(text)}.`,
    );
  }
  return BigInt(ms);
}

/**
 * `oof replay --from --to`: re-runs a stored period of the launch radar through the executor's own engine
 * (features, risk flags) and rewrites its features_1m, risk_flags and holder_snapshots. Same stored inputs →
 * byte-identical rows. Progress on stderr, a JSON summary on stdout.
 */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('re-run a stored launch-radar period: features per minute and risk flags, deterministically')
    .requiredOption('--from <time>', 'start (ISO 8601 or Unix ms), inclusive; rounded down to the minute')
    .requiredOption('--to <time>', 'end (ISO 8601 or Unix ms), exclusive; rounded up to the minute')
    .option(
      '--strategy <name>',
      `strategy fed with the replayed events (${STRATEGY_NAMES.join(', ')})`,
      DEFAULT_STRATEGY,
    )
    .option('--intents <file>', "write the strategy's intents there, one JSON line each")
    .action(async (flags: ReplayFlags) => {
      const fromMs = parseTimeMs('from', flags.from);
      const toMs = parseTimeMs('to', flags.to);
      if (toMs <= fromMs) {
        throw new OofError('CONFIG_INVALID', `--to (${flags.to}) must be after --from (${flags.from}).`);
      }
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const database = await openDatabase(config, logger, { migrate: true });
      const intents = recordReplayIntents(flags.strategy);
      try {
        let lastReport = 0;
        const result = await replayLaunchPeriod(database, {
          fromMs,
          toMs,
          onEvents: (events) => intents.onEvents(events),
          onProgress: ({ trades, tEventMs }) => {
            const now = performance.now();
            if (now - lastReport < 2000) return;
            lastReport = now;
            process.stderr.write(
              `oof replay: ${trades} trades · at ${new Date(Number(tEventMs)).toISOString()}\n`,
            );
          },
        });
        const speed = Number(toMs - fromMs) / Math.max(1, result.wallMs);
        process.stderr.write(
          `oof replay: ${result.trades} trades, ${result.buckets} minutes, ${result.flags} flags in ` +
            `${(result.wallMs / 1000).toFixed(1)} s (${speed.toFixed(0)}× real time)\n`,
        );
        const replayed = intents.finish();
        if (flags.intents !== undefined) writeFileSync(flags.intents, replayed.jsonl);
        process.stdout.write(
          `${JSON.stringify({
            ...result,
            speedVsRealTime: speed,
            intents: {
              strategy: replayed.strategy,
              events: replayed.events,
              count: replayed.intents,
              sha256: replayed.sha256,
              file: flags.intents ?? null,
            },
          })}\n`,
        );
      } finally {
        await database.close();
      }
    });
}
