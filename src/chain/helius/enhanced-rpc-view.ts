import {
  readAccountLifecycle,
  type AccountLifecycle,
  type InstructionLike,
} from './account-lifecycle-hints.ts';
import type { EnhancedTransaction } from './enhanced-transaction.schema.ts';

/**
 * Renders an Enhanced Transaction as the `getTransaction` (json encoding) result the RPC decoder reads, so the
 * one decoder classifies both and a transaction gives the same actions whichever way it reached us.
 *
 * What Helius keeps, and how it lands here:
 * - `accountData` lists every account key with its lamport change and, for token accounts, the token change
 *   and the owning wallet (`userAccount`); the fee payer is put first, as in a real message. Helius gives no
 *   absolute balances, so each becomes a pre/post pair with exactly that difference: from zero for accounts
 *   this transaction created, to zero for accounts it closed, and otherwise around a large stand-in balance
 *   that is never zero — an account that merely paid out must not look closed (the decoder reads a balance
 *   going to zero as a close and its lamports as returned rent).
 * - `instructions` carry the program, the account addresses and the raw data (base58) of every outer and
 *   inner instruction, so system and token movements (transfers, rent, mints, burns, account inits) and
 *   `emit_cpi` events are read exactly as from the node.
 * - Token accounts whose balance did not change (moved in and out, or closed empty) have no token change in
 *   `accountData`; `tokenTransfers`, the swap event or a `CloseAccount` still name their owner, so they are
 *   listed with a zero change, as the node lists them in pre/post token balances. Without that, the rent a
 *   wallet gets back from closing its own empty account would look like SOL sent by someone else.
 *   Like the node, a token account is listed before only if it existed, after only if it still exists.
 *
 * What Helius drops: the other signers (only the fee payer is known to have signed) and the log messages
 * (events emitted as `Program data:` logs are not recoverable; `emit_cpi` ones are).
 */
export function toRpcView(tx: EnhancedTransaction): unknown {
  const keys: string[] = [tx.feePayer];
  const indexOf = new Map<string, number>([[tx.feePayer, 0]]);
  const key = (address: string): number => {
    let i = indexOf.get(address);
    if (i === undefined) {
      i = keys.length;
      keys.push(address);
      indexOf.set(address, i);
    }
    return i;
  };

  const lamportChange = new Map<string, bigint>();
  const tokens = new Map<string, { owner: string; mint: string; decimals: number; change: bigint }>();
  const decimalsOfMint = new Map<string, number>();
  for (const a of tx.accountData) {
    key(a.account);
    lamportChange.set(a.account, (lamportChange.get(a.account) ?? 0n) + BigInt(a.nativeBalanceChange));
    for (const t of a.tokenBalanceChanges ?? []) {
      key(t.tokenAccount);
      const change = BigInt(t.rawTokenAmount.tokenAmount);
      decimalsOfMint.set(t.mint, t.rawTokenAmount.decimals);
      const prev = tokens.get(t.tokenAccount);
      if (prev) prev.change += change;
      else
        tokens.set(t.tokenAccount, {
          // An empty userAccount means Helius did not resolve the owner; the node reports the account then.
          owner: t.userAccount || t.tokenAccount,
          mint: t.mint,
          decimals: t.rawTokenAmount.decimals,
          change,
        });
    }
  }
  const life = readAccountLifecycle(tx);
  for (const [account, { owner, mint }] of life.owners) {
    if (tokens.has(account)) continue;
    key(account);
    tokens.set(account, { owner, mint, decimals: decimalsOfMint.get(mint) ?? 0, change: 0n });
  }

  const toIx = (ix: InstructionLike) => {
    key(ix.programId);
    for (const a of ix.accounts ?? []) key(a);
    return { programId: ix.programId, accounts: ix.accounts ?? [], data: ix.data ?? '' };
  };
  const instructions = (tx.instructions ?? []).map(toIx);
  const innerInstructions = (tx.instructions ?? []).map((ix, index) => ({
    index,
    instructions: (ix.innerInstructions ?? []).map(toIx),
  }));

  const lamports = keys.map((k) => balancePair(lamportChange.get(k) ?? 0n, stateOf(life, k), LAMPORT_BASE));
  const tokenBalances = (side: 0 | 1) =>
    [...tokens.entries()].flatMap(([account, t]) => {
      const amount = balancePair(t.change, stateOf(life, account), TOKEN_BASE)[side];
      if (amount === null) return [];
      const uiTokenAmount = { amount: amount.toString(), decimals: t.decimals };
      return [{ accountIndex: indexOf.get(account), mint: t.mint, owner: t.owner, uiTokenAmount }];
    });

  return {
    slot: tx.slot ?? null,
    blockTime: tx.timestamp ?? null,
    version: 'legacy',
    meta: {
      err: tx.transactionError ?? null,
      fee: tx.fee,
      preBalances: lamports.map(([pre]) => pre ?? 0n),
      postBalances: lamports.map(([, post]) => post ?? 0n),
      preTokenBalances: tokenBalances(0),
      postTokenBalances: tokenBalances(1),
      innerInstructions,
      logMessages: [],
    },
    transaction: {
      signatures: [tx.signature],
      message: { accountKeys: keys, header: { numRequiredSignatures: 1 }, instructions },
    },
  };
}

type AccountState = 'created' | 'closed' | 'transient' | 'existing';

function stateOf(life: AccountLifecycle, account: string): AccountState {
  const created = life.created.has(account);
  const closed = life.closed.has(account);
  return created && closed ? 'transient' : created ? 'created' : closed ? 'closed' : 'existing';
}

// Stand-in balances of accounts that existed before and after: far above any real change (all SOL is
// ~6e17 lamports; a u64 token amount is below 1.9e19), so pre and post stay positive.
const LAMPORT_BASE = 1n << 62n;
const TOKEN_BASE = 1n << 64n;

/**
 * Pre and post balance with difference `change`; null where the node lists nothing (a token account that did
 * not exist yet, or no longer exists). A change that contradicts the state (a "created" account that lost
 * lamports) falls back to the plain pair around zero rather than inventing a negative balance.
 */
function balancePair(change: bigint, state: AccountState, base: bigint): [bigint | null, bigint | null] {
  if (state === 'transient' && change === 0n) return [null, null];
  if (state === 'created' && change >= 0n) return [null, change];
  if (state === 'closed' && change <= 0n) return [-change, null];
  if (state === 'existing') return [base, base + change];
  return change < 0n ? [-change, 0n] : [0n, change];
}
