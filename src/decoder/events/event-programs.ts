import { discriminatorKey } from './anchor-discriminator.ts';
import type { AnchorEventLayout } from './anchor-event-layout.ts';
import { METEORA_DBC_EVENTS } from './meteora-dbc-events.ts';
import { PUMPFUN_EVENTS } from './pumpfun-events.ts';
import { PUMPSWAP_EVENTS } from './pumpswap-events.ts';
import { LAUNCHLAB_EVENTS } from './raydium-launchlab-events.ts';

/** A program whose Anchor events we decode, under the name `ProgramEvent.program` reports. */
export interface EventProgram {
  readonly programId: string;
  readonly name: 'pumpfun' | 'pumpswap' | 'raydium_launchlab' | 'meteora_dbc';
  readonly events: readonly AnchorEventLayout[];
}

export const EVENT_PROGRAMS: readonly EventProgram[] = [
  { programId: '6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P', name: 'pumpfun', events: PUMPFUN_EVENTS },
  { programId: 'pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA', name: 'pumpswap', events: PUMPSWAP_EVENTS },
  {
    programId: 'LanMV9sAd7wArD4vJFi2qDdfnVhFxYSUg6eADduJ3uj',
    name: 'raydium_launchlab',
    events: LAUNCHLAB_EVENTS,
  },
  {
    programId: 'dbcij3LWUppWqq96dh6gJWwBifmcGfLSB5D4DuSMaqN',
    name: 'meteora_dbc',
    events: METEORA_DBC_EVENTS,
  },
];

// Discriminators are only unique within a program (pump.fun and LaunchLab both have `TradeEvent`), so the
// lookup is keyed by program first.
const byProgram = new Map(
  EVENT_PROGRAMS.map((p) => [
    p.programId,
    { program: p, layouts: new Map(p.events.map((e) => [discriminatorKey(e.discriminator), e])) },
  ]),
);

export function isEventProgram(programId: string): boolean {
  return byProgram.has(programId);
}

/** The program and event layout for bytes starting with an event discriminator at `offset`, if known. */
export function findEventLayout(
  programId: string,
  bytes: Uint8Array,
  offset = 0,
): { readonly program: EventProgram; readonly layout: AnchorEventLayout } | null {
  const entry = byProgram.get(programId);
  const layout = entry?.layouts.get(discriminatorKey(bytes, offset));
  return entry !== undefined && layout !== undefined ? { program: entry.program, layout } : null;
}
