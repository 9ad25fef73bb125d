import { getBase58Decoder } from '@solana/kit';
import { PROGRAM_IDS } from '../programs/program-registry.ts';
import type { NormalizedInstruction, NormalizedTransaction } from '../transaction/normalized-transaction.ts';
import type { Movement } from './movement.ts';

/**
 * Reads value movements from system and SPL token instructions, whichever encoding the node used:
 * raw bytes (`json`) are decoded by instruction tag; `jsonParsed` instructions by their `type`/`info`.
 * Instructions that fail to decode are skipped: movements only explain balance changes, they never create them.
 */
export function readMovements(tx: NormalizedTransaction): Movement[] {
  const out: Movement[] = [];
  tx.instructions.forEach((ix, ixIndex) => {
    const m =
      ix.programId === PROGRAM_IDS.system
        ? systemMovement(ix, ixIndex)
        : ix.programId === PROGRAM_IDS.splToken || ix.programId === PROGRAM_IDS.splToken2022
          ? tokenMovement(ix, ixIndex)
          : null;
    if (m !== null) out.push(m);
  });
  return out;
}

const base58 = getBase58Decoder();

function u64At(data: Uint8Array, offset: number): bigint | null {
  if (data.length < offset + 8) return null;
  return new DataView(data.buffer, data.byteOffset + offset, 8).getBigUint64(0, true);
}

function u32At(data: Uint8Array, offset: number): number | null {
  if (data.length < offset + 4) return null;
  return new DataView(data.buffer, data.byteOffset + offset, 4).getUint32(0, true);
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function big(v: unknown): bigint | null {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  return null;
}

function tokenAmount(info: Readonly<Record<string, unknown>>): bigint | null {
  const direct = big(info.amount);
  if (direct !== null) return direct;
  const ta = info.tokenAmount;
  return typeof ta === 'object' && ta !== null ? big((ta as Record<string, unknown>).amount) : null;
}

// System program instruction tags (u32 LE): 0 CreateAccount, 1 Assign, 2 Transfer, 3 CreateAccountWithSeed,
// 8 Allocate, 9 AllocateWithSeed, 10 AssignWithSeed, 11 TransferWithSeed.
function systemMovement(ix: NormalizedInstruction, ixIndex: number): Movement | null {
  if (ix.parsed !== null) {
    const { type, info } = ix.parsed;
    if (
      type === 'allocate' ||
      type === 'assign' ||
      type === 'allocateWithSeed' ||
      type === 'assignWithSeed'
    ) {
      const account = str(info.account);
      return account ? { type: 'account_allocate', account, ixIndex } : null;
    }
    const lamports = big(info.lamports);
    if (lamports === null) return null;
    if (type === 'transfer' || type === 'transferWithSeed') {
      const from = str(info.source);
      const to = str(info.destination);
      return from && to ? { type: 'sol_transfer', from, to, lamports, ixIndex } : null;
    }
    if (type === 'createAccount' || type === 'createAccountWithSeed') {
      const from = str(info.source);
      const newAccount = str(info.newAccount);
      return from && newAccount ? { type: 'create_account', from, newAccount, lamports, ixIndex } : null;
    }
    return null;
  }
  const data = ix.data;
  if (data === null) return null;
  const tag = u32At(data, 0);
  const [a0, a1, a2] = ix.accounts;
  switch (tag) {
    // Assign (1), Allocate (8), AllocateWithSeed (9), AssignWithSeed (10): the first account is the one set up.
    case 1:
    case 8:
    case 9:
    case 10:
      return a0 ? { type: 'account_allocate', account: a0, ixIndex } : null;
    case 0:
    case 3: {
      // CreateAccount: lamports at 4. CreateAccountWithSeed: base(32) + seed(u64 len + bytes) precede lamports.
      let lamports: bigint | null = null;
      if (tag === 0) lamports = u64At(data, 4);
      else {
        const seedLen = u64At(data, 36);
        if (seedLen !== null && seedLen < 1024n) lamports = u64At(data, 44 + Number(seedLen));
      }
      return lamports !== null && a0 && a1
        ? { type: 'create_account', from: a0, newAccount: a1, lamports, ixIndex }
        : null;
    }
    case 2: {
      const lamports = u64At(data, 4);
      return lamports !== null && a0 && a1
        ? { type: 'sol_transfer', from: a0, to: a1, lamports, ixIndex }
        : null;
    }
    case 11: {
      const lamports = u64At(data, 4);
      return lamports !== null && a0 && a2
        ? { type: 'sol_transfer', from: a0, to: a2, lamports, ixIndex }
        : null;
    }
    default:
      return null;
  }
}

// SPL Token / Token-2022 tags (u8): 3 Transfer, 7 MintTo, 8 Burn, 9 CloseAccount, 12 TransferChecked,
// 14 MintToChecked, 15 BurnChecked; 26 = TransferFee extension, sub-tag 1 = TransferCheckedWithFee.
function tokenMovement(ix: NormalizedInstruction, ixIndex: number): Movement | null {
  const tokenProgram = ix.programId;
  if (ix.parsed !== null) {
    const { type, info } = ix.parsed;
    switch (type) {
      case 'transfer':
      case 'transferChecked':
      case 'transferCheckedWithFee': {
        const source = str(info.source);
        const destination = str(info.destination);
        const amount = tokenAmount(info);
        const fee =
          typeof info.feeAmount === 'object' && info.feeAmount !== null
            ? big((info.feeAmount as Record<string, unknown>).amount)
            : null;
        return source && destination && amount !== null
          ? {
              type: 'token_transfer',
              source,
              destination,
              mint: str(info.mint),
              amount,
              feeRaw: fee,
              tokenProgram,
              ixIndex,
            }
          : null;
      }
      case 'mintTo':
      case 'mintToChecked': {
        const mint = str(info.mint);
        const destination = str(info.account);
        const amount = tokenAmount(info);
        return mint && destination && amount !== null
          ? { type: 'token_mint', mint, destination, amount, ixIndex }
          : null;
      }
      case 'burn':
      case 'burnChecked': {
        const mint = str(info.mint);
        const account = str(info.account);
        const amount = tokenAmount(info);
        return mint && account && amount !== null
          ? { type: 'token_burn', mint, account, amount, ixIndex }
          : null;
      }
      case 'initializeAccount':
      case 'initializeAccount2':
      case 'initializeAccount3': {
        const account = str(info.account);
        const mint = str(info.mint);
        const owner = str(info.owner);
        return account && mint && owner
          ? { type: 'token_account_init', account, mint, owner, ixIndex }
          : null;
      }
      case 'closeAccount': {
        const account = str(info.account);
        const destination = str(info.destination);
        return account && destination ? { type: 'close_account', account, destination, ixIndex } : null;
      }
      default:
        return null;
    }
  }
  const data = ix.data;
  if (data === null || data.length === 0) return null;
  const a = ix.accounts;
  switch (data[0]) {
    case 3: {
      const amount = u64At(data, 1);
      return amount !== null && a[0] && a[1]
        ? {
            type: 'token_transfer',
            source: a[0],
            destination: a[1],
            mint: null,
            amount,
            feeRaw: null,
            tokenProgram,
            ixIndex,
          }
        : null;
    }
    case 12: {
      const amount = u64At(data, 1);
      return amount !== null && a[0] && a[1] && a[2]
        ? {
            type: 'token_transfer',
            source: a[0],
            destination: a[2],
            mint: a[1],
            amount,
            feeRaw: null,
            tokenProgram,
            ixIndex,
          }
        : null;
    }
    case 26: {
      if (data[1] !== 1) return null;
      const amount = u64At(data, 2);
      const feeRaw = u64At(data, 11);
      return amount !== null && a[0] && a[1] && a[2]
        ? {
            type: 'token_transfer',
            source: a[0],
            destination: a[2],
            mint: a[1],
            amount,
            feeRaw,
            tokenProgram,
            ixIndex,
          }
        : null;
    }
    case 7:
    case 14: {
      const amount = u64At(data, 1);
      return amount !== null && a[0] && a[1]
        ? { type: 'token_mint', mint: a[0], destination: a[1], amount, ixIndex }
        : null;
    }
    case 8:
    case 15: {
      const amount = u64At(data, 1);
      return amount !== null && a[0] && a[1]
        ? { type: 'token_burn', account: a[0], mint: a[1], amount, ixIndex }
        : null;
    }
    case 9:
      return a[0] && a[1] ? { type: 'close_account', account: a[0], destination: a[1], ixIndex } : null;
    // InitializeAccount: owner is an account; InitializeAccount2/3: owner is the 32 bytes after the tag.
    case 1:
      return a[0] && a[1] && a[2]
        ? { type: 'token_account_init', account: a[0], mint: a[1], owner: a[2], ixIndex }
        : null;
    case 16:
    case 18: {
      if (data.length < 33 || !a[0] || !a[1]) return null;
      return {
        type: 'token_account_init',
        account: a[0],
        mint: a[1],
        owner: base58.decode(data.subarray(1, 33)),
        ixIndex,
      };
    }
    default:
      return null;
  }
}
