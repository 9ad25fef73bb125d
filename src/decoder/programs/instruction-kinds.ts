import { createHash } from 'node:crypto';
import { getBase58Decoder } from '@solana/kit';
import type { NormalizedInstruction } from '../transaction/normalized-transaction.ts';
import { PROGRAM_IDS } from './program-registry.ts';

/**
 * Recognises liquidity and staking instructions by their discriminator, so balance changes around them are
 * reported as `lp_add`/`lp_remove`/`stake`/`unstake` instead of a swap. Anchor programs use
 * sha256("global:<instruction_name>")[0..8]; Raydium AMM v4 (not Anchor) uses a one-byte tag.
 */
/** `adjust`: moves liquidity both ways (a reposition); each leg's direction decides add or remove. */
export type LiquidityOp = 'add' | 'remove' | 'adjust';

const ANCHOR_LP: Readonly<
  Record<string, { add: readonly string[]; remove: readonly string[]; adjust?: readonly string[] }>
> = {
  // Raydium CPMM
  CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C: { add: ['deposit', 'initialize'], remove: ['withdraw'] },
  // Raydium CLMM
  CAMMCzo5YL8w4VFF8KVHrK22GGUsp5VTaW7grrKgrWqK: {
    add: [
      'increase_liquidity',
      'increase_liquidity_v2',
      'open_position',
      'open_position_v2',
      'open_position_with_token22_nft',
    ],
    remove: ['decrease_liquidity', 'decrease_liquidity_v2', 'close_position'],
  },
  // Orca Whirlpool
  whirLbMiicVdio4qvUfM5KAg6Ct8VwpYzGff3uctyCc: {
    add: ['increase_liquidity', 'increase_liquidity_v2', 'increase_liquidity_by_token_amounts_v2'],
    remove: [
      'decrease_liquidity',
      'decrease_liquidity_v2',
      'collect_fees',
      'collect_fees_v2',
      'collect_reward',
      'collect_reward_v2',
    ],
    adjust: ['reposition_liquidity_v2'],
  },
  // Meteora DLMM
  LBUZKhRxPF3XUpBCjp4YzTKgLccjZhTSDM9YuVaPwxo: {
    add: [
      'add_liquidity',
      'add_liquidity2',
      'add_liquidity_by_weight',
      'add_liquidity_by_strategy',
      'add_liquidity_by_strategy2',
      'add_liquidity_by_strategy_one_side',
      'add_liquidity_one_side',
      'add_liquidity_one_side_precise',
      'add_liquidity_one_side_precise2',
    ],
    remove: [
      'remove_liquidity',
      'remove_liquidity2',
      'remove_all_liquidity',
      'remove_liquidity_by_range',
      'remove_liquidity_by_range2',
      'claim_fee',
      'claim_fee2',
    ],
  },
  // Meteora DAMM v1
  Eo7WjKq67rjJQSZxS6z3YkapzY3eMj6Xy8X5EQVn5UaB: {
    add: ['add_balance_liquidity', 'add_imbalance_liquidity', 'bootstrap_liquidity'],
    remove: ['remove_balance_liquidity', 'remove_liquidity_single_side'],
  },
  // Meteora DAMM v2
  cpamdpZCGKUy5JxQXB4dcpGPiikHawvSWAd6mEn1sGG: {
    add: ['add_liquidity'],
    remove: ['remove_liquidity', 'remove_all_liquidity', 'claim_position_fee'],
  },
  // PumpSwap
  pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA: { add: ['deposit', 'create_pool'], remove: ['withdraw'] },
};

function discriminatorHex(name: string): string {
  return createHash('sha256').update(`global:${name}`).digest().subarray(0, 8).toString('hex');
}

const LP_BY_PROGRAM = new Map<string, Map<string, LiquidityOp>>(
  Object.entries(ANCHOR_LP).map(([program, ops]) => {
    const m = new Map<string, LiquidityOp>();
    for (const n of ops.add) m.set(discriminatorHex(n), 'add');
    for (const n of ops.remove) m.set(discriminatorHex(n), 'remove');
    for (const n of ops.adjust ?? []) m.set(discriminatorHex(n), 'adjust');
    return [program, m];
  }),
);

const RAYDIUM_AMM_V4 = '675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8';
// Raydium AMM v4 instruction tags: 1 initialize2 (seeds the pool), 3 deposit, 4 withdraw.
const RAYDIUM_V4_TAGS: ReadonlyMap<number, LiquidityOp> = new Map([
  [1, 'add'],
  [3, 'add'],
  [4, 'remove'],
]);

export function liquidityOp(ix: NormalizedInstruction): LiquidityOp | null {
  const data = ix.data;
  if (data === null || data.length === 0) return null;
  if (ix.programId === RAYDIUM_AMM_V4) return RAYDIUM_V4_TAGS.get(data[0] ?? -1) ?? null;
  const table = LP_BY_PROGRAM.get(ix.programId);
  if (table === undefined || data.length < 8) return null;
  return table.get(Buffer.from(data.buffer, data.byteOffset, 8).toString('hex')) ?? null;
}

/** Native stake program `Withdraw` (tag 4): lamports leave a stake account for `to`. */
export function stakeWithdraw(ix: NormalizedInstruction): { to: string; lamports: bigint } | null {
  if (ix.programId !== PROGRAM_IDS.stake) return null;
  if (ix.parsed !== null) {
    if (ix.parsed.type !== 'withdraw') return null;
    const to = ix.parsed.info.destination;
    const lamports = ix.parsed.info.lamports;
    return typeof to === 'string' && (typeof lamports === 'number' || typeof lamports === 'string')
      ? { to, lamports: BigInt(lamports) }
      : null;
  }
  const data = ix.data;
  const to = ix.accounts[1];
  if (data === null || data.length < 12 || to === undefined) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.length);
  return view.getUint32(0, true) === 4 ? { to, lamports: view.getBigUint64(4, true) } : null;
}

/** Owner program of an account created by System `CreateAccount` (tag 0), to spot new stake accounts. */
export function createdAccountOwner(ix: NormalizedInstruction): string | null {
  if (ix.programId !== PROGRAM_IDS.system) return null;
  if (ix.parsed !== null) {
    const owner = ix.parsed.info.owner;
    return ix.parsed.type.startsWith('createAccount') && typeof owner === 'string' ? owner : null;
  }
  const data = ix.data;
  if (data === null || data.length < 52) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.length);
  if (view.getUint32(0, true) !== 0) return null;
  return ownerBytesToBase58(data.subarray(20, 52));
}

const base58 = getBase58Decoder();
function ownerBytesToBase58(bytes: Uint8Array): string {
  return base58.decode(bytes);
}
