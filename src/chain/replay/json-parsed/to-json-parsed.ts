import { getBase58Encoder } from '@solana/kit';
import { InstructionBytes, sortedInfo } from './instruction-bytes.ts';
import { parsedAccountKeys } from './parsed-account-keys.ts';
import { parseSystemInstruction, type ParsedInstruction } from './parse-system-instruction.ts';
import { parseTokenInstruction } from './parse-token-instruction.ts';

type Json = Record<string, unknown>;

interface CompiledInstruction {
  readonly programIdIndex: number;
  readonly accounts?: readonly number[];
  readonly data: string;
  readonly stackHeight?: number | null;
}

const PROGRAMS: ReadonlyMap<string, string> = new Map([
  ['11111111111111111111111111111111', 'system'],
  ['TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA', 'spl-token'],
  ['TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb', 'spl-token-2022'],
  ['ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL', 'spl-associated-token-account'],
  ['MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr', 'spl-memo'],
  ['Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo', 'spl-memo'],
]);

const base58 = getBase58Encoder();

/**
 * Renders a `json` getTransaction result as the node's `jsonParsed` would: account keys as objects, the
 * System, SPL Token (and Token-2022), Associated Token Account and Memo instructions the node parses as
 * `{program, programId, parsed, stackHeight}`, every other instruction partially decoded
 * (`{programId, accounts, data, stackHeight}`), `meta.loadedAddresses` dropped (the keys list them).
 * Not reproduced: the node's parsers for stake, vote, address lookup table, loader and the rarer
 * System/Token instructions (nonce, authority changes, Token-2022 extensions) — those stay partially
 * decoded, which is what the node does for any program it has no parser for.
 */
export function toJsonParsed(result: Readonly<Json>): Json {
  const transaction = result.transaction as Json & { signatures: unknown[]; message: Json };
  const message = transaction.message;
  const meta = result.meta as
    | (Json & { loadedAddresses?: { writable: string[]; readonly: string[] } })
    | null;
  const staticKeys = message.accountKeys as string[];
  const loaded = meta?.loadedAddresses;
  const keys = [...staticKeys, ...(loaded?.writable ?? []), ...(loaded?.readonly ?? [])];
  const outer = message.instructions as CompiledInstruction[];
  const accountKeys = parsedAccountKeys(
    staticKeys,
    message.header as Json | undefined,
    transaction.signatures.length,
    loaded,
    new Set(outer.map((ix) => ix.programIdIndex)),
  );
  const renderedMessage: Json = {
    accountKeys,
    recentBlockhash: message.recentBlockhash,
    instructions: outer.map((ix) => renderInstruction(ix, keys)),
    ...(message.addressTableLookups === undefined
      ? {}
      : { addressTableLookups: message.addressTableLookups }),
  };
  let renderedMeta: Json | null = null;
  if (meta !== null && meta !== undefined) {
    renderedMeta = {};
    for (const [key, value] of Object.entries(meta)) {
      if (key === 'loadedAddresses') continue;
      renderedMeta[key] =
        key === 'innerInstructions' && Array.isArray(value)
          ? (value as { index: number; instructions: CompiledInstruction[] }[]).map((group) => ({
              index: group.index,
              instructions: group.instructions.map((ix) => renderInstruction(ix, keys)),
            }))
          : value;
    }
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(result)) {
    out[key] =
      key === 'transaction'
        ? { ...transaction, message: renderedMessage }
        : key === 'meta'
          ? renderedMeta
          : value;
  }
  return out;
}

function renderInstruction(ix: CompiledInstruction, keys: readonly string[]): Json {
  const programId = keys[ix.programIdIndex];
  const accounts = (ix.accounts ?? []).map((i) => keys[i]);
  const stackHeight = ix.stackHeight ?? null;
  if (programId === undefined || accounts.some((a) => a === undefined)) {
    return { ...ix }; // indexes out of range: nothing to resolve them against, leave it as recorded
  }
  const resolved = accounts as string[];
  const program = PROGRAMS.get(programId);
  const parsed = program === undefined ? null : parse(program, ix.data, resolved);
  if (program !== undefined && parsed !== null) {
    return {
      program,
      programId,
      parsed: typeof parsed === 'string' ? parsed : { info: sortedInfo(parsed.info), type: parsed.type },
      stackHeight,
    };
  }
  return { programId, accounts: resolved, data: ix.data, stackHeight };
}

function parse(
  program: string,
  data: string,
  accounts: readonly string[],
): ParsedInstruction | string | null {
  let bytes: Uint8Array;
  try {
    bytes = base58.encode(data) as Uint8Array;
  } catch {
    return null;
  }
  switch (program) {
    case 'system':
      return parseSystemInstruction(bytes, accounts);
    case 'spl-token':
    case 'spl-token-2022':
      return parseTokenInstruction(bytes, accounts);
    case 'spl-associated-token-account':
      return parseAssociatedTokenInstruction(bytes, accounts);
    case 'spl-memo':
      // The node renders a memo as its UTF-8 text.
      return Buffer.from(bytes).toString('utf8');
    default:
      return null;
  }
}

/** Create (no data or 0) and CreateIdempotent (1); the node's `parse_associated_token` fields. */
function parseAssociatedTokenInstruction(bytes: Uint8Array, a: readonly string[]): ParsedInstruction | null {
  const tag = bytes.length === 0 ? 0 : new InstructionBytes(bytes).u8();
  if ((tag !== 0 && tag !== 1) || a.length < 6) return null;
  return {
    type: tag === 0 ? 'create' : 'createIdempotent',
    info: { source: a[0], account: a[1], wallet: a[2], mint: a[3], systemProgram: a[4], tokenProgram: a[5] },
  };
}
