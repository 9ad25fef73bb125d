import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { OofError } from '../../core/errors/oof-error.ts';
import { decodeStrategyState, encodeStrategyState, type StrategyState } from '../strategy/strategy-state.ts';

/**
 * The strategy process's checkpoint: the strategy's name, the cursor of the last event it processed and its
 * state at that cursor. Written atomically (temp file + rename), so a crash leaves the previous checkpoint.
 */
export interface StrategyCheckpoint {
  readonly strategy: string;
  readonly cursor: bigint;
  readonly state: StrategyState;
}

const VERSION = 1;

export function readCheckpoint(path: string): StrategyCheckpoint | null {
  if (!existsSync(path)) return null;
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as {
      version: number;
      strategy: string;
      cursor: string;
      state: string;
    };
    if (raw.version !== VERSION) throw new Error(`version ${raw.version}, expected ${VERSION}`);
    return { strategy: raw.strategy, cursor: BigInt(raw.cursor), state: decodeStrategyState(raw.state) };
  } catch (e) {
    throw new OofError(
      'CONFIG_INVALID',
      `The strategy state file ${path} cannot be read (${(e as Error).message}). Move it away to start from ` +
        'the beginning of the event log, or pass another --state file.',
      { path },
      e,
    );
  }
}

export function writeCheckpoint(path: string, checkpoint: StrategyCheckpoint): void {
  const text = JSON.stringify({
    version: VERSION,
    strategy: checkpoint.strategy,
    cursor: checkpoint.cursor.toString(),
    state: encodeStrategyState(checkpoint.state),
  });
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}
