import { AccountState } from '../chain/account-state.ts';
import { finalizeTransaction } from '../chain/rpc-transaction-result.ts';
import { PROGRAM } from '../chain/well-known.ts';
import { blockhash, signature } from '../keys/address-factory.ts';
import { associatedTokenAddress } from '../keys/program-address.ts';
import { SeededRandom } from '../random/seeded-random.ts';
import { seedFixedAccounts } from './fixed-accounts.ts';
import { MarketPolicy } from './market-policy.ts';
import type { ScenarioContext } from './scenarios/scenario-context.ts';
import type { SimulatedTransaction, TxKind } from './simulated-transaction.ts';
import { MS_PER_SLOT, simulationStart, type SimulationOptions } from './simulation-options.ts';
import { planTokens, type SimToken } from './token-book.ts';
import { WalletBook, type SimWallet } from './wallet-book.ts';

/** What the simulation did, for the manifest. */
export interface MarketSummary {
  readonly wallets: readonly SimWallet[];
  readonly tokens: readonly SimToken[];
  readonly fromTime: number;
  readonly toTime: number;
  readonly fromSlot: bigint;
  readonly toSlot: bigint;
  readonly failed: number;
  readonly byKind: Readonly<Record<string, number>>;
  /** Every program the transactions invoked, sorted. */
  readonly programs: readonly string[];
  /** The chain state at the end (for the final account snapshots). */
  readonly state: AccountState;
}

/**
 * The market, one transaction at a time, in (slot, index-in-block) order: exactly `options.transactions`
 * of them over `options.days`. Arrivals are a Poisson process (exponential gaps averaging period / count), except
 * that snipers land in their launch's slot. Everything derives from the seed through separate streams (keys,
 * market, signatures), and nothing here reads a clock or `Math.random`, so the same options give the same
 * transactions. A generator: the caller streams each transaction to disk and nothing accumulates.
 */
export function* simulateMarket(
  options: SimulationOptions,
): Generator<SimulatedTransaction, MarketSummary, void> {
  const root = new SeededRandom(`oof-simulate:${options.seed}`);
  const keysRng = root.fork('keys');
  const rng = root.fork('market');
  const signatureRng = root.fork('signatures');
  const state = new AccountState();
  seedFixedAccounts(state);
  const wallets = new WalletBook(keysRng, options.wallets, options.tokens, state);
  const spanMs = Math.round(options.days * 86_400_000);
  const tokens = planTokens(keysRng, options.tokens, spanMs, wallets.creators);
  const policy = new MarketPolicy(tokens);
  const { fromTime, fromSlot } = simulationStart(options);
  const meanGapMs = spanMs / options.transactions;
  const byKind: Record<string, number> = {};
  let failed = 0;
  let nowMs = 0;
  let counter = 0;
  let lastSlot = fromSlot;
  const programs = new Set<string>();

  for (let step = 0; step < options.transactions; step += 1) {
    if (step > 0 && !policy.nextIsSameSlot) {
      nowMs = Math.min(spanMs - 1, nowMs + Math.round(rng.exponential(meanGapMs)));
    }
    const slotOffset = Math.floor(nowMs / MS_PER_SLOT);
    const slot = fromSlot + BigInt(slotOffset);
    const blockTime = fromTime + Math.floor((slotOffset * MS_PER_SLOT) / 1000);
    const ctx: ScenarioContext = {
      state,
      rng,
      wallets,
      nowMs,
      timestamp: blockTime,
      onCurveComplete: policy.onCurveComplete,
    };
    const built = policy.next(ctx, step);
    const result = finalizeTransaction(built.tx, {
      slot,
      blockTime,
      recentBlockhash: blockhash(options.seed, slot - BigInt(rng.range(1, 60))),
      version: built.version,
      sign: (count) => Array.from({ length: count }, () => signature(signatureRng, counter++)),
    });
    for (const ix of built.tx.outer) programs.add(ix.programId);
    for (const list of built.tx.inner) for (const ix of list) programs.add(ix.programId);
    for (const [wallet, mint] of built.touched) {
      const ata = associatedTokenAddress(wallets.wallet(wallet).address, mint, PROGRAM.token);
      wallets.noteBalance(wallet, mint, state.token(ata)?.amount ?? 0n);
    }
    const isFailed = built.tx.failure !== null;
    const kind: TxKind = isFailed ? 'failed' : built.kind;
    if (isFailed) failed += 1;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    lastSlot = slot;
    yield {
      signature: result.transaction.signatures[0] ?? '',
      slot,
      blockTime,
      kind,
      failed: isFailed,
      result,
      swaps: isFailed ? [] : built.swaps,
      events: isFailed ? [] : built.events,
      trades: isFailed ? [] : built.trades,
    };
  }
  return {
    wallets: wallets.wallets,
    tokens,
    fromTime,
    toTime: fromTime + Math.floor(spanMs / 1000),
    fromSlot,
    toSlot: lastSlot,
    failed,
    byKind,
    programs: [...programs].sort(),
    state,
  };
}
