import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProgramEvent } from '../action.ts';
import type { NormalizedInstruction, NormalizedTransaction } from '../transaction/normalized-transaction.ts';
import { ANCHOR_EVENT_IX_TAG } from './anchor-discriminator.ts';
import { encodeAnchorEventPayload } from './anchor-event-layout.ts';
import { arbitraryRecord } from './borsh-arbitrary.fixture.ts';
import { decodeProgramEvents } from './decode-program-events.ts';
import { EVENT_PROGRAMS } from './event-programs.ts';
import { loadRecordedTransaction } from './recorded-data.fixture.ts';

// Garbage in: malformed log lines, random bytes after valid discriminators, truncated and foreign data.
// Nothing may throw, and no event may appear that is not the exact decoding of emitted bytes (which program a
// log line belongs to is tested in program-data-logs.test.ts).

const base = loadRecordedTransaction('0xjeffro-tx-parser/solana/data/pumpfun_sell_0.json');
const ROUTER = 'BSfD6SHZigAfDWSjzD5Q41jw8LmKwtmjskPH9XW1mrRW';
const programIds = [...EVENT_PROGRAMS.map((p) => p.programId), ROUTER];
const layouts = EVENT_PROGRAMS.flatMap((p) => p.events.map((layout) => ({ program: p, layout })));

/** Event bytes: a known discriminator (of any of our programs) followed by random, truncated or valid data. */
const eventBytes: fc.Arbitrary<Uint8Array> = fc
  .oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc
      .tuple(fc.constantFrom(...layouts), fc.uint8Array({ maxLength: 400 }))
      .map(([{ layout }, tail]) => Buffer.concat([layout.discriminator, tail])),
    fc.constantFrom(...layouts).chain(({ layout }) =>
      fc
        .tuple(arbitraryRecord(layout.fields), fc.nat(), fc.integer({ min: -8, max: 8 }))
        .map(([data, n, delta]) => {
          const payload = encodeAnchorEventPayload(layout, data, 1 + (n % layout.fields.length));
          const resized =
            delta >= 0 ? Buffer.concat([payload, Buffer.alloc(delta, 7)]) : payload.subarray(0, delta);
          return Buffer.concat([layout.discriminator, resized]);
        }),
    ),
  )
  .map((b) => new Uint8Array(b));

const logLine: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...programIds), fc.integer({ min: 0, max: 6 }))
    .map(([id, d]) => `Program ${id} invoke [${d}]`),
  fc.constantFrom(...programIds).map((id) => `Program ${id} success`),
  fc.constantFrom(...programIds).map((id) => `Program ${id} failed: custom program error: 0x1`),
  eventBytes.map((b) => `Program data: ${Buffer.from(b).toString('base64')}`),
  fc.string().map((s) => `Program data: ${s}`),
  fc.string(),
  fc.constantFrom(
    'Log truncated',
    'Program log: Instruction: Buy',
    'Program data:',
    `Program ${ROUTER} invoke [x]`,
  ),
);

const instructions: fc.Arbitrary<NormalizedInstruction[]> = fc
  .array(
    fc.tuple(
      fc.constantFrom(...programIds),
      fc.array(fc.tuple(fc.constantFrom(...programIds), fc.option(eventBytes), fc.boolean()), {
        maxLength: 4,
      }),
    ),
    { maxLength: 4 },
  )
  .map((outers) =>
    outers.flatMap(([programId, inners], outerIndex) => [
      { programId, accounts: [], data: new Uint8Array(), parsed: null, outerIndex, innerIndex: null },
      ...inners.map(([id, bytes, tagged], innerIndex) => ({
        programId: id,
        accounts: [],
        data:
          bytes === null
            ? null
            : new Uint8Array(tagged ? Buffer.concat([ANCHOR_EVENT_IX_TAG, bytes]) : bytes),
        parsed: null,
        outerIndex,
        innerIndex,
      })),
    ]),
  );

/** Every byte string the transaction offers as an event, tagged with the program it came from. */
function offeredBytes(tx: NormalizedTransaction): Set<string> {
  const offered = new Set<string>();
  for (const ix of tx.instructions) {
    if (ix.data !== null) offered.add(`${ix.programId}|${Buffer.from(ix.data.subarray(8)).toString('hex')}`);
  }
  for (const line of tx.logMessages) {
    if (!line.startsWith('Program data: ')) continue;
    const hex = Buffer.from(line.slice('Program data: '.length), 'base64').toString('hex');
    for (const id of programIds) offered.add(`${id}|${hex}`);
  }
  return offered;
}

function reencode(event: ProgramEvent): string {
  const found = EVENT_PROGRAMS.find((p) => p.name === event.program);
  const layout = found?.events.find((l) => l.name === event.name);
  if (found === undefined || layout === undefined)
    throw new Error(`unknown event ${event.program}.${event.name}`);
  const data = event.data as Parameters<typeof encodeAnchorEventPayload>[1];
  const payload = encodeAnchorEventPayload(layout, data, Object.keys(data).length);
  return `${found.programId}|${Buffer.concat([layout.discriminator, payload]).toString('hex')}`;
}

/** A transaction that certainly holds one valid event (a full self-CPI TradeEvent), run before the random ones. */
function certainEvent(): [NormalizedInstruction[], string[]] {
  const { program, layout } = layouts.find((l) => l.layout.name === 'TradeEvent')!;
  const [data] = fc.sample(arbitraryRecord(layout.fields), { seed: 7, numRuns: 1 });
  const payload = encodeAnchorEventPayload(layout, data!, layout.fields.length);
  const outer = { programId: program.programId, accounts: [], parsed: null, outerIndex: 0 };
  return [
    [
      { ...outer, data: new Uint8Array(), innerIndex: null },
      {
        ...outer,
        data: new Uint8Array(Buffer.concat([ANCHOR_EVENT_IX_TAG, layout.discriminator, payload])),
        innerIndex: 0,
      },
    ],
    [],
  ];
}

describe('decodeProgramEvents on garbage', () => {
  it('never throws and only reports exact decodings of bytes that were emitted', () => {
    let reported = 0;
    fc.assert(
      fc.property(instructions, fc.array(logLine, { maxLength: 30 }), (ixs, logMessages) => {
        const tx: NormalizedTransaction = { ...base, instructions: ixs, logMessages };
        const offered = offeredBytes(tx);
        const events = decodeProgramEvents(tx);
        reported += events.length;
        for (const event of events) expect(offered).toContain(reencode(event));
      }),
      { numRuns: 500, examples: [certainEvent()] },
    );
    // At least the first example holds a valid event, so the check above is not vacuous.
    expect(reported).toBeGreaterThan(0);
  });

  it('reports nothing for arbitrary log lines with no instructions to match', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 20 }), (logMessages) => {
        expect(decodeProgramEvents({ ...base, instructions: [], logMessages })).toEqual([]);
      }),
    );
  });

  it('drops a recorded event whose bytes are corrupted in both copies, and keeps the others', () => {
    const tx = loadRecordedTransaction('0xjeffro-tx-parser/solana/data/pumpfun_create_0.json');
    const [create, trade] = decodeProgramEvents(tx);
    // Unknown discriminator: flip the first byte of the CreateEvent in the log line and in the self-CPI.
    const createDiscriminator = Buffer.from(EVENT_PROGRAMS[0]?.events[1]?.discriminator ?? []);
    const corrupt = (bytes: Uint8Array, at: number) => {
      const copy = new Uint8Array(bytes);
      if (Buffer.from(copy.subarray(at, at + 8)).equals(createDiscriminator))
        copy[at] = (copy[at] ?? 0) ^ 0xff;
      return copy;
    };
    const corrupted: NormalizedTransaction = {
      ...tx,
      instructions: tx.instructions.map((ix) =>
        ix.data === null ? ix : { ...ix, data: corrupt(ix.data, 8) },
      ),
      logMessages: tx.logMessages.map((l) =>
        l.startsWith('Program data: ')
          ? `Program data: ${Buffer.from(corrupt(Buffer.from(l.slice(14), 'base64'), 0)).toString('base64')}`
          : l,
      ),
    };
    expect(create?.name).toBe('CreateEvent');
    expect(decodeProgramEvents(corrupted)).toEqual([trade]);
  });
});
