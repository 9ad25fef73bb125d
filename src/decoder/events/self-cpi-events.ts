import type { NormalizedInstruction } from '../transaction/normalized-transaction.ts';
import { ANCHOR_EVENT_IX_TAG, startsWith } from './anchor-discriminator.ts';
import type { EventEmission } from './event-emission.ts';

/**
 * Events emitted with Anchor's `emit_cpi!`: the program invokes itself with data
 * `EVENT_IX_TAG ++ discriminator ++ payload`. Only inner instructions qualify; Anchor's handler for the tag
 * requires the program's own `__event_authority` PDA to sign, which only the program can do, so in a
 * successful transaction such an instruction cannot come from anyone else.
 */
export function readSelfCpiEvents(instructions: readonly NormalizedInstruction[]): EventEmission[] {
  const out: EventEmission[] = [];
  instructions.forEach((ix, position) => {
    const data = ix.data;
    if (ix.innerIndex === null || data === null || !startsWith(data, ANCHOR_EVENT_IX_TAG)) return;
    out.push({
      source: 'self_cpi',
      programId: ix.programId,
      outerIndex: ix.outerIndex,
      position,
      bytes: data.subarray(ANCHOR_EVENT_IX_TAG.length),
    });
  });
  return out;
}
