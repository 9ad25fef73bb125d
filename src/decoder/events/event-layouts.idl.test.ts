import { describe, expect, it } from 'vitest';
import type { AnchorEventLayout } from './anchor-event-layout.ts';
import type { BorshField, BorshType } from './borsh-type.ts';
import { EVENT_PROGRAMS, type EventProgram } from './event-programs.ts';
import { readSharedJson } from './recorded-data.fixture.ts';

// Proves the hand-written layouts against the programs' IDLs, read from ../shared/data at test time: for
// every IDL of a program and every event we decode that the IDL defines, the IDL's fields (names and types,
// in order) are exactly the first fields of our layout, ending on one of its documented versions.

const IDLS: Readonly<Record<EventProgram['name'], readonly string[]>> = {
  pumpfun: [
    '0xjeffro-tx-parser/solana/idl/pumpfun.json',
    'carbon-idls/idls/pumpfun.json',
    'jiangxiaop-solana-swap-scan/idl/pump.json',
    'jiangxiaop-solana-swap-scan/src/collection/transactions/pumpfun/idl/pumpfun.json',
    'chainstack-pump-fun-bot/idl/pump_fun_idl.json',
    'pump-public-docs-idl/idl/pump.json',
  ],
  pumpswap: [
    'jiangxiaop-solana-swap-scan/idl/pumpamm.json',
    'jiangxiaop-solana-swap-scan/src/collection/transactions/pumpfun/idl/pump_amm.json',
    'chainstack-pump-fun-bot/idl/pump_swap_idl.json',
    'pump-public-docs-idl/idl/pump_amm.json',
  ],
  raydium_launchlab: ['chainstack-pump-fun-bot/idl/raydium_launchlab_idl.json'],
  meteora_dbc: ['meteora-dbc-sdk-idls/packages/dynamic-bonding-curve/src/idl/dynamic-bonding-curve/idl.json'],
};

interface IdlField {
  readonly name: string;
  readonly type: unknown;
}
interface IdlTypeDef {
  readonly name: string;
  readonly type: {
    readonly kind: string;
    readonly fields?: readonly IdlField[];
    readonly variants?: readonly IdlVariant[];
  };
}
interface IdlVariant {
  readonly name: string;
  readonly fields?: readonly IdlField[];
}
interface Idl {
  readonly address?: string;
  readonly metadata?: { readonly address?: string };
  readonly events?: readonly {
    readonly name: string;
    readonly discriminator?: readonly number[];
    readonly fields?: readonly IdlField[];
  }[];
  readonly types?: readonly IdlTypeDef[];
}

// Anchor 0.30+ IDLs use snake_case and `pubkey`, older ones camelCase and `publicKey`.
const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Both sides rendered to one canonical string, e.g. `vec<{address:pubkey,shareBps:u16}>`. */
function renderIdlType(type: unknown, idl: Idl): string {
  if (typeof type === 'string') return type === 'publicKey' ? 'pubkey' : type;
  const t = type as Record<string, unknown>;
  if ('vec' in t) return `vec<${renderIdlType(t['vec'], idl)}>`;
  if ('defined' in t) {
    const name = typeof t['defined'] === 'string' ? t['defined'] : (t['defined'] as { name: string }).name;
    const def = idl.types?.find((d) => d.name === name);
    if (def === undefined) return `undefined-type:${name}`;
    if (def.type.kind === 'struct') return `{${renderIdlFields(def.type.fields ?? [], idl)}}`;
    return `enum<${(def.type.variants ?? []).map((v) => (v.fields === undefined ? v.name : `${v.name}{${renderIdlFields(v.fields, idl)}}`)).join('|')}>`;
  }
  return JSON.stringify(type);
}
const renderIdlFields = (fields: readonly IdlField[], idl: Idl) =>
  fields.map((f) => `${camel(f.name)}:${renderIdlType(f.type, idl)}`).join(',');

function renderType(type: BorshType): string {
  if (typeof type === 'string') return type;
  switch (type.kind) {
    case 'struct':
      return `{${renderFields(type.fields)}}`;
    case 'vec':
      return `vec<${renderType(type.item)}>`;
    case 'enum':
      return `enum<${type.variants.map((v) => (v.fields.length === 0 ? v.name : `${v.name}{${renderFields(v.fields)}}`)).join('|')}>`;
  }
}
const renderFields = (fields: readonly BorshField[]) =>
  fields.map((f) => `${f.name}:${renderType(f.type)}`).join(',');

function idlEventFields(idl: Idl, eventName: string): readonly IdlField[] | null {
  const event = idl.events?.find((e) => e.name === eventName);
  if (event === undefined) return null;
  return event.fields ?? idl.types?.find((t) => t.name === eventName)?.type.fields ?? null;
}

const cases = EVENT_PROGRAMS.flatMap((program) =>
  IDLS[program.name].flatMap((path) => {
    const idl = readSharedJson(path) as Idl;
    return program.events
      .filter((layout) => idlEventFields(idl, layout.name) !== null)
      .map((layout) => ({ label: `${program.name} ${layout.name} vs ${path}`, program, layout, idl }));
  }),
);

describe('event layouts against the IDLs in ../shared/data', () => {
  it.each(cases)('$label', ({ program, layout, idl }) => {
    const idlFields = idlEventFields(idl, layout.name) ?? [];
    expect(renderFields(layout.fields.slice(0, idlFields.length))).toBe(renderIdlFields(idlFields, idl));
    expect(layout.versionFieldCounts).toContain(idlFields.length);
    const address = idl.address ?? idl.metadata?.address;
    if (address !== undefined) expect(address).toBe(program.programId);
    const discriminator = idl.events?.find((e) => e.name === layout.name)?.discriminator;
    if (discriminator !== undefined) expect([...layout.discriminator]).toEqual(discriminator);
  });

  it('checks every event we decode against at least one IDL', () => {
    const checked = new Set(cases.map((c) => c.layout));
    const unchecked = EVENT_PROGRAMS.flatMap((p) => p.events).filter(
      (l: AnchorEventLayout) => !checked.has(l),
    );
    expect(unchecked.map((l) => l.name)).toEqual([]);
  });

  it('checks the newest layout of every event against the current IDL, except documented additions', () => {
    // Fields newer than the current IDL snapshot, each with its source in the layout file.
    const beyondIdl: Record<string, number> = { 'pumpfun.TradeEvent': 2 };
    for (const program of EVENT_PROGRAMS) {
      for (const layout of program.events) {
        const longest = Math.max(
          ...cases
            .filter((c) => c.layout === layout)
            .map((c) => idlEventFields(c.idl, layout.name)?.length ?? 0),
        );
        expect(layout.fields.length - longest).toBe(beyondIdl[`${program.name}.${layout.name}`] ?? 0);
      }
    }
  });
});
