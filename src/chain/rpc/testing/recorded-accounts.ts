import { readdirSync } from 'node:fs';
import { getAddressDecoder } from '@solana/kit';
import { readShared, SHARED_DATA } from '../../../../test/support/shared-data.ts';

/** A recorded `getAccountInfo` result: `{ context: { slot }, value: { data: [b64, 'base64'], … } }`. */
export interface RecordedAccount {
  readonly context: { readonly slot: number };
  readonly value: {
    readonly data: readonly [string, 'base64'];
    readonly lamports: number | bigint;
    readonly owner: string;
    readonly rentEpoch: number | bigint;
    readonly space: number;
  };
}

const SNAPSHOTS = 'jup-instruction-parser/src/tests/snapshot';
const TOKEN_PROGRAM = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';

/**
 * The account snapshots Jupiter's parser tests recorded (`account-<address>.json`, SOURCES.md §A), by
 * address; where an address was recorded twice the later slot wins. Their `rentEpoch` went through a JS
 * number on the way to disk (18446744073709552000, above u64::MAX).
 */
export function jupiterAccounts(): Map<string, RecordedAccount> {
  const out = new Map<string, RecordedAccount>();
  for (const [address, states] of jupiterAccountHistory()) {
    const latest = states[states.length - 1];
    if (latest !== undefined) out.set(address, latest);
  }
  return out;
}

/** Every recorded state per address, oldest slot first (USDC's mint was recorded at two slots). */
export function jupiterAccountHistory(): Map<string, RecordedAccount[]> {
  const out = new Map<string, RecordedAccount[]>();
  for (const dir of readdirSync(`${SHARED_DATA}${SNAPSHOTS}`)) {
    for (const file of readdirSync(`${SHARED_DATA}${SNAPSHOTS}/${dir}`)) {
      const m = /^account-(\w+)\.json$/.exec(file);
      if (m === null) continue;
      const address = m[1] as string;
      const body = readShared(`${SNAPSHOTS}/${dir}/${file}`) as { result: RecordedAccount };
      const states = out.get(address) ?? [];
      if (!states.some((a) => a.context.slot === body.result.context.slot)) states.push(body.result);
      out.set(
        address,
        states.sort((a, b) => a.context.slot - b.context.slot),
      );
    }
  }
  return out;
}

/**
 * A pump.fun bonding-curve account recorded exactly (rentEpoch 18446744073709551615 = u64::MAX, which a
 * JS number cannot hold). Its address was not recorded.
 */
export function chainstackBondingCurve(): RecordedAccount {
  const body = readShared(
    'chainstack-pump-fun-bot/learning-examples/raw_bondingCurve_from_getAccountInfo.json',
  ) as {
    result: RecordedAccount;
  };
  return body.result;
}

export interface MintState {
  readonly supply: bigint;
  readonly decimals: number;
}

/** SPL Token `Mint` layout (82 bytes): supply u64 LE at 36, decimals u8 at 44. */
export function mintState(account: RecordedAccount): MintState | null {
  if (account.value.owner !== TOKEN_PROGRAM || account.value.space !== 82) return null;
  const bytes = Buffer.from(account.value.data[0], 'base64');
  return { supply: bytes.readBigUInt64LE(36), decimals: bytes.readUInt8(44) };
}

/** SPL Token `Account` layout (165 bytes): mint at 0, owner at 32, amount u64 LE at 64. */
export function tokenAccountState(account: RecordedAccount): { mint: string; amount: bigint } | null {
  if (account.value.owner !== TOKEN_PROGRAM || account.value.space !== 165) return null;
  const bytes = Buffer.from(account.value.data[0], 'base64');
  return { mint: getAddressDecoder().decode(bytes.subarray(0, 32)), amount: bytes.readBigUInt64LE(64) };
}
