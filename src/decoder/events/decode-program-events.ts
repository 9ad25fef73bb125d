import type { ProgramEvent } from '../action.ts';
import type { NormalizedTransaction } from '../transaction/normalized-transaction.ts';
import { DISCRIMINATOR_SIZE } from './anchor-discriminator.ts';
import { decodeAnchorEventPayload } from './anchor-event-layout.ts';
import type { EventEmission } from './event-emission.ts';
import { findEventLayout } from './event-programs.ts';
import { readProgramDataLogs } from './program-data-logs.ts';
import { readSelfCpiEvents } from './self-cpi-events.ts';

/**
 * Anchor events of Pump.fun, PumpSwap, Raydium LaunchLab and Meteora DBC in execution order, from both
 * `Program data:` log lines and `emit_cpi!` self-invocations, each event once.
 *
 * Only bytes that carry a known discriminator of the emitting program and decode exactly as some version of
 * that event become events; anything else is skipped, never thrown. The result does not depend on whether
 * the transaction failed: a failed transaction's events were rolled back, and whether they count is the
 * caller's decision (`decodeTransaction` drops them).
 */
export function decodeProgramEvents(tx: NormalizedTransaction): ProgramEvent[] {
  const emissions = [
    ...readSelfCpiEvents(tx.instructions),
    ...readProgramDataLogs(tx.logMessages, tx.instructions),
  ]
    .map((emission, seq) => ({ emission, seq }))
    .sort(
      (a, b) =>
        a.emission.position - b.emission.position ||
        sourceRank(a.emission) - sourceRank(b.emission) ||
        a.seq - b.seq,
    )
    .map((e) => e.emission);

  const events: ProgramEvent[] = [];
  const echoes = new EchoFilter();
  for (const emission of emissions) {
    const found = findEventLayout(emission.programId, emission.bytes);
    if (found === null) continue;
    const data = decodeAnchorEventPayload(found.layout, emission.bytes.subarray(DISCRIMINATOR_SIZE));
    if (data === null || echoes.isEcho(emission)) continue;
    events.push({ program: found.program.name, name: found.layout.name, data });
  }
  return events;
}

/** At one position a self-CPI is the invoke itself, a log line comes after that invoke. */
function sourceRank(e: EventEmission): number {
  return e.source === 'self_cpi' ? 0 : 1;
}

/**
 * Pairs each log emission with a self-CPI emission of the same bytes by the same program in the same outer
 * instruction, in order, and reports the second of each pair as an echo. Matching counts rather than a set
 * keeps two genuinely identical events (two equal trades in one instruction) as two.
 */
class EchoFilter {
  private readonly unmatched = new Map<string, { log: number; self_cpi: number }>();

  isEcho(e: EventEmission): boolean {
    const key = `${e.outerIndex}|${e.programId}|${Buffer.from(e.bytes).toString('hex')}`;
    const counts = this.unmatched.get(key) ?? { log: 0, self_cpi: 0 };
    this.unmatched.set(key, counts);
    const other = e.source === 'log' ? 'self_cpi' : 'log';
    if (counts[other] > 0) {
      counts[other] -= 1;
      return true;
    }
    counts[e.source] += 1;
    return false;
  }
}
