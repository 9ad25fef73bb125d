import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeAnchorEventPayload,
  encodeAnchorEventPayload,
  minFieldCount,
  type AnchorEventLayout,
} from './anchor-event-layout.ts';
import { arbitraryEventVersion } from './borsh-arbitrary.fixture.ts';
import type { BorshType } from './borsh-type.ts';
import { EVENT_PROGRAMS } from './event-programs.ts';

// Properties of every event layout we decode, including versions no recorded transaction carries
// (pump.fun's current 32+ field TradeEvent, the pre-creator-fee PumpSwap events, LaunchLab and DBC).

const layouts = EVENT_PROGRAMS.flatMap((p) =>
  p.events.map((layout) => ({ label: `${p.name}.${layout.name}`, layout })),
);

/** Byte offsets at which some field of this value ends (a payload may only end on one of these). */
function fieldBoundaries(layout: AnchorEventLayout, full: Parameters<typeof encodeAnchorEventPayload>[1]) {
  return layout.fields.map((_, i) => encodeAnchorEventPayload(layout, full, i + 1).length);
}

const hasVariableSize = (type: BorshType): boolean =>
  typeof type === 'string'
    ? type === 'string'
    : type.kind === 'vec' ||
      (type.kind === 'struct' && type.fields.some((f) => hasVariableSize(f.type))) ||
      (type.kind === 'enum' && type.variants.some((v) => v.fields.length > 0));

describe.each(layouts)('$label payloads', ({ layout }) => {
  const min = minFieldCount(layout);

  it('decode is the exact inverse of encode for every accepted version', () => {
    fc.assert(
      fc.property(arbitraryEventVersion(layout, min), ({ full, fieldCount, prefix }) => {
        expect(decodeAnchorEventPayload(layout, encodeAnchorEventPayload(layout, full, fieldCount))).toEqual(
          prefix,
        );
      }),
    );
  });

  it('random bytes never throw, and anything accepted re-encodes to exactly those bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const decoded = decodeAnchorEventPayload(layout, bytes);
        if (decoded === null) return;
        const fieldCount = Object.keys(decoded).length;
        expect(fieldCount).toBeGreaterThanOrEqual(min);
        expect(
          Buffer.from(encodeAnchorEventPayload(layout, decoded, fieldCount)).equals(Buffer.from(bytes)),
        ).toBe(true);
      }),
    );
  });

  it('refuses random bytes of a length no version of this fixed-size event has', () => {
    if (layout.fields.some((f) => hasVariableSize(f.type))) return;
    fc.assert(
      fc.property(
        arbitraryEventVersion(layout, min),
        fc.uint8Array({ maxLength: 600 }),
        ({ full }, bytes) => {
          const sizes = fieldBoundaries(layout, full).slice(min - 1);
          fc.pre(!sizes.includes(bytes.length));
          expect(decodeAnchorEventPayload(layout, bytes)).toBeNull();
        },
      ),
    );
  });

  it('refuses a payload cut inside a field, or before the oldest version ends', () => {
    fc.assert(
      fc.property(arbitraryEventVersion(layout, min), fc.nat(), ({ full }, seed) => {
        const bytes = encodeAnchorEventPayload(layout, full);
        const boundaries = fieldBoundaries(layout, full);
        const cut = seed % bytes.length;
        const endsAcceptedVersion = boundaries.slice(min - 1).includes(cut);
        fc.pre(!endsAcceptedVersion);
        expect(decodeAnchorEventPayload(layout, bytes.subarray(0, cut))).toBeNull();
      }),
    );
  });

  it('refuses bytes after the newest known field', () => {
    fc.assert(
      fc.property(
        arbitraryEventVersion(layout, min),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        ({ full }, extra) => {
          const bytes = Buffer.concat([encodeAnchorEventPayload(layout, full), extra]);
          expect(decodeAnchorEventPayload(layout, new Uint8Array(bytes))).toBeNull();
        },
      ),
    );
  });

  it('refuses a bool byte other than 0 or 1', () => {
    const boolIndex = layout.fields.findIndex((f) => f.type === 'bool');
    if (boolIndex < 0 || boolIndex >= min) return;
    fc.assert(
      fc.property(arbitraryEventVersion(layout, min), fc.integer({ min: 2, max: 255 }), ({ full }, byte) => {
        const bytes = encodeAnchorEventPayload(layout, full, min);
        bytes[encodeAnchorEventPayload(layout, full, boolIndex).length] = byte;
        expect(decodeAnchorEventPayload(layout, bytes)).toBeNull();
      }),
    );
  });
});
