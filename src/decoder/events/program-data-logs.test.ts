import { describe, expect, it } from 'vitest';
import type { NormalizedInstruction, NormalizedTransaction } from '../transaction/normalized-transaction.ts';
import { decodeProgramEvents } from './decode-program-events.ts';
import { readProgramDataLogs } from './program-data-logs.ts';
import { loadRecordedTransaction } from './recorded-data.fixture.ts';

// Attribution of `Program data:` lines through the invoke stack, on hand-written log streams around one real
// pump.fun TradeEvent line.

const PUMPFUN = '6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P';
const ROUTER = 'BSfD6SHZigAfDWSjzD5Q41jw8LmKwtmjskPH9XW1mrRW';
const TOKEN = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
const ED25519 = 'Ed25519SigVerify111111111111111111111111111';

const recorded = loadRecordedTransaction('0xjeffro-tx-parser/solana/data/pumpfun_sell_0.json');
const TRADE_LINE = recorded.logMessages.find((l) => l.startsWith('Program data: ')) ?? '';

const ix = (programId: string, outerIndex: number, innerIndex: number | null): NormalizedInstruction => ({
  programId,
  accounts: [],
  data: new Uint8Array([1]),
  parsed: null,
  outerIndex,
  innerIndex,
});
const txWith = (instructions: NormalizedInstruction[], logMessages: string[]): NormalizedTransaction => ({
  ...recorded,
  instructions,
  logMessages,
});
const invoke = (id: string, depth: number) => `Program ${id} invoke [${depth}]`;
const success = (id: string) => `Program ${id} success`;

describe('readProgramDataLogs', () => {
  it('attributes a line to the program on top of the invoke stack, positioned after its last invoke', () => {
    const instructions = [ix(ROUTER, 0, null), ix(PUMPFUN, 0, 0), ix(TOKEN, 0, 1)];
    const logs = [invoke(ROUTER, 1), invoke(PUMPFUN, 2), invoke(TOKEN, 3), success(TOKEN), TRADE_LINE];
    const [emission, ...rest] = readProgramDataLogs(
      [...logs, success(PUMPFUN), success(ROUTER)],
      instructions,
    );
    expect(rest).toEqual([]);
    expect(emission).toMatchObject({ source: 'log', programId: PUMPFUN, outerIndex: 0, position: 2 });
  });

  it('does not let another program log a pump.fun event', () => {
    const instructions = [ix(ROUTER, 0, null), ix(PUMPFUN, 0, 0)];
    // The router writes the same bytes after pump.fun returned: they are the router's, not an event.
    const logs = [invoke(ROUTER, 1), invoke(PUMPFUN, 2), success(PUMPFUN), TRADE_LINE, success(ROUTER)];
    expect(readProgramDataLogs(logs, instructions).map((e) => e.programId)).toEqual([ROUTER]);
    expect(decodeProgramEvents(txWith(instructions, logs))).toEqual([]);
  });

  it('pops a failed frame, so the next line belongs to the caller', () => {
    const instructions = [ix(ROUTER, 0, null), ix(PUMPFUN, 0, 0)];
    const logs = [
      invoke(ROUTER, 1),
      invoke(PUMPFUN, 2),
      `Program ${PUMPFUN} failed: custom program error: 0x1772`,
    ];
    expect(readProgramDataLogs([...logs, TRADE_LINE], instructions).map((e) => e.programId)).toEqual([
      ROUTER,
    ]);
  });

  it('matches invokes to instructions by program, so a precompile without invoke line shifts nothing', () => {
    const instructions = [ix(ED25519, 0, null), ix(PUMPFUN, 1, null)];
    const [emission] = readProgramDataLogs([invoke(PUMPFUN, 1), TRADE_LINE, success(PUMPFUN)], instructions);
    expect(emission).toMatchObject({ programId: PUMPFUN, outerIndex: 1, position: 1 });
  });

  it('drops lines it cannot place: no frame, no matching instruction, after `Log truncated`', () => {
    const instructions = [ix(PUMPFUN, 0, null)];
    expect(readProgramDataLogs([TRADE_LINE], instructions)).toEqual([]);
    expect(readProgramDataLogs([invoke(ROUTER, 1), TRADE_LINE], instructions)).toEqual([]);
    expect(readProgramDataLogs([invoke(PUMPFUN, 1), 'Log truncated', TRADE_LINE], instructions)).toEqual([]);
  });

  it('skips data that is not one standard base64 slice', () => {
    const instructions = [ix(PUMPFUN, 0, null)];
    const payload = TRADE_LINE.slice('Program data: '.length);
    for (const bad of [
      'Program data: ',
      `Program data: ${payload} ${payload}`,
      `Program data: ${payload.slice(0, -1)}`,
      `Program data: ${payload.replace(/[+/]/g, '-')}!`,
      `Program data:${payload}`,
    ]) {
      expect(readProgramDataLogs([invoke(PUMPFUN, 1), bad], instructions)).toEqual([]);
    }
  });

  it('survives an inconsistent depth without attributing to a frame it never saw', () => {
    const instructions = [ix(ROUTER, 0, null), ix(PUMPFUN, 0, 0)];
    const logs = [invoke(ROUTER, 1), invoke(PUMPFUN, 3), TRADE_LINE, success(PUMPFUN), TRADE_LINE];
    // pump.fun at depth 3 under an unseen depth-2 frame still emits; after it returns, the unseen frame does.
    expect(readProgramDataLogs(logs, instructions).map((e) => e.programId)).toEqual([PUMPFUN]);
  });

  it('decodes the line to the same event as the recorded transaction', () => {
    const events = decodeProgramEvents(txWith([ix(PUMPFUN, 0, null)], [invoke(PUMPFUN, 1), TRADE_LINE]));
    expect(events).toEqual(decodeProgramEvents(recorded));
    expect(events).toHaveLength(1);
  });
});
