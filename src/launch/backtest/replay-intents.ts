import { createHash } from 'node:crypto';
import type { NewLaunchEvent } from '../events/launch-event.ts';
import { createStrategy } from '../strategy/strategy-registry.ts';
import { intentJsonLine } from '../strategy/trade-intent.ts';

export interface IntentReplay {
  readonly strategy: string;
  readonly events: number;
  readonly intents: number;
  /** One intent per line (`intentJsonLine`), newline-terminated: the bytes two replays must agree on. */
  readonly jsonl: string;
  readonly sha256: string;
}

export interface IntentReplayRecorder {
  /** The replay engine's events of the period, in stream order, batch by batch. */
  onEvents(events: readonly NewLaunchEvent[]): void;
  finish(): IntentReplay;
}

/**
 * The strategy half of `oof replay`: the strategy kernel, from an empty state, fed with the events the replay
 * engine regenerates for the period. A replay has no log cursors, so an event's position in the replay stream
 * (1, 2, …) stands in for its cursor (in `based_on_cursor` and the intent ids). The intents are a function of
 * the stored inputs alone: two replays of a period give the same bytes (compare `sha256`).
 */
export function recordReplayIntents(strategyName: string): IntentReplayRecorder {
  const strategy = createStrategy(strategyName);
  const lines: string[] = [];
  let position = 0n;
  return {
    onEvents(events) {
      for (const e of events) {
        position += 1n;
        const intents = strategy.onEvent({
          cursor: position,
          tEventMs: e.tEventMs,
          slot: e.slot,
          event: e.event,
        });
        for (const intent of intents) lines.push(intentJsonLine(intent));
      }
    },
    finish() {
      const jsonl = lines.map((l) => `${l}\n`).join('');
      return {
        strategy: strategyName,
        events: Number(position),
        intents: lines.length,
        jsonl,
        sha256: createHash('sha256').update(jsonl).digest('hex'),
      };
    },
  };
}
