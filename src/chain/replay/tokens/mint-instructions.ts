import { getBase58Encoder } from '@solana/kit';
import { InstructionBytes } from '../json-parsed/instruction-bytes.ts';
import { SPL_TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID } from './mint-account.ts';

const base58 = getBase58Encoder();

/** What a transaction's token-program instructions did to a mint's header. */
export type MintEvent =
  | {
      readonly kind: 'initialize';
      readonly mint: string;
      readonly program: string;
      readonly decimals: number;
      readonly mintAuthority: string;
      readonly freezeAuthority: string | null;
    }
  | {
      readonly kind: 'setAuthority';
      readonly mint: string;
      readonly authority: 'mint' | 'freeze';
      readonly newAuthority: string | null;
    };

interface RawInstruction {
  readonly programIdIndex?: unknown;
  readonly accounts?: unknown;
  readonly data?: unknown;
}

/**
 * InitializeMint (0), InitializeMint2 (20) and SetAuthority (6, types MintTokens / FreezeAccount) of SPL Token
 * and Token-2022, outer and inner instructions in execution order, of one successful `json`-encoded
 * transaction (the packed layouts: u8 tag; u8 decimals, Pubkey mint authority, COption<Pubkey> as u8 + 32
 * bytes for the freeze authority; u8 authority type, COption<Pubkey> new authority). A pump.fun create is
 * InitializeMint2 then SetAuthority(MintTokens, None): the authority it sets is revoked in the same
 * transaction. `jsonParsed` recordings are read from their parsed instructions.
 */
export function mintEvents(result: Readonly<Record<string, unknown>>, keys: readonly string[]): MintEvent[] {
  const meta = result.meta as { err?: unknown; innerInstructions?: unknown } | null | undefined;
  if (meta?.err !== null && meta?.err !== undefined) return [];
  const message = (result.transaction as { message?: { instructions?: unknown } } | undefined)?.message;
  const outer = Array.isArray(message?.instructions) ? (message.instructions as unknown[]) : [];
  const inner = new Map<number, unknown[]>();
  if (Array.isArray(meta?.innerInstructions)) {
    for (const group of meta.innerInstructions as Array<{ index?: unknown; instructions?: unknown }>) {
      if (typeof group.index === 'number' && Array.isArray(group.instructions))
        inner.set(group.index, group.instructions as unknown[]);
    }
  }
  const events: MintEvent[] = [];
  outer.forEach((ix, i) => {
    for (const one of [ix, ...(inner.get(i) ?? [])]) {
      const e = eventOf(one, keys);
      if (e !== null) events.push(e);
    }
  });
  return events;
}

function eventOf(ix: unknown, keys: readonly string[]): MintEvent | null {
  if (typeof ix !== 'object' || ix === null) return null;
  const parsed = (ix as { parsed?: unknown; programId?: unknown }).parsed;
  if (parsed !== undefined) return parsedEventOf(ix as { programId?: unknown }, parsed);
  const raw = ix as RawInstruction;
  const program = typeof raw.programIdIndex === 'number' ? keys[raw.programIdIndex] : undefined;
  if (program !== SPL_TOKEN_PROGRAM_ID && program !== TOKEN_2022_PROGRAM_ID) return null;
  if (typeof raw.data !== 'string' || !Array.isArray(raw.accounts)) return null;
  const first = (raw.accounts as unknown[])[0];
  const mint = typeof first === 'number' ? keys[first] : undefined;
  if (mint === undefined) return null;
  let bytes: Uint8Array;
  try {
    bytes = base58.encode(raw.data) as Uint8Array;
  } catch {
    return null;
  }
  const r = new InstructionBytes(bytes);
  const tag = r.u8();
  if (tag === 0 || tag === 20) {
    const decimals = r.u8();
    const mintAuthority = r.pubkey();
    const freezeTag = r.u8();
    const freeze = freezeTag === 1 ? r.pubkey() : null;
    if (decimals === null || mintAuthority === null || freezeTag === null) return null;
    if (freezeTag === 1 && freeze === null) return null;
    return { kind: 'initialize', mint, program, decimals, mintAuthority, freezeAuthority: freeze };
  }
  if (tag === 6) {
    const type = r.u8();
    const some = r.u8();
    const newAuthority = some === 1 ? r.pubkey() : null;
    if ((type !== 0 && type !== 1) || some === null || (some === 1 && newAuthority === null)) return null;
    return { kind: 'setAuthority', mint, authority: type === 0 ? 'mint' : 'freeze', newAuthority };
  }
  return null;
}

function parsedEventOf(ix: { programId?: unknown }, parsed: unknown): MintEvent | null {
  const program = ix.programId;
  if (program !== SPL_TOKEN_PROGRAM_ID && program !== TOKEN_2022_PROGRAM_ID) return null;
  const p = parsed as { type?: unknown; info?: Record<string, unknown> };
  const info = p.info ?? {};
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  if ((p.type === 'initializeMint' || p.type === 'initializeMint2') && typeof info.mint === 'string') {
    const mintAuthority = str(info.mintAuthority);
    if (mintAuthority === null || typeof info.decimals !== 'number') return null;
    return {
      kind: 'initialize',
      mint: info.mint,
      program,
      decimals: info.decimals,
      mintAuthority,
      freezeAuthority: str(info.freezeAuthority),
    };
  }
  if (p.type === 'setAuthority' && typeof info.mint === 'string') {
    const type = info.authorityType;
    if (type !== 'mintTokens' && type !== 'freezeAccount') return null;
    return {
      kind: 'setAuthority',
      mint: info.mint,
      authority: type === 'mintTokens' ? 'mint' : 'freeze',
      newAuthority: str(info.newAuthority),
    };
  }
  return null;
}
