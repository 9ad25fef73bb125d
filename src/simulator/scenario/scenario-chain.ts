import { USDC_MINT } from '../../domain/mints.ts';
import { AccountState } from '../chain/account-state.ts';
import { finalizeTransaction, type RpcTransactionResult } from '../chain/rpc-transaction-result.ts';
import { TransactionBuilder } from '../chain/transaction-builder.ts';
import { PROGRAM, RENT, WSOL_MINT } from '../chain/well-known.ts';
import { blockhash, keypairAddress, signature } from '../keys/address-factory.ts';
import { associatedTokenAddress } from '../keys/program-address.ts';
import { seedFixedAccounts } from '../market/fixed-accounts.ts';
import { createAssociatedTokenAccount } from '../programs/associated-token-program.ts';
import { systemTransfer } from '../programs/system-program.ts';
import {
  tokenCloseAccount,
  tokenMintTo,
  tokenSyncNative,
  tokenTransferChecked,
} from '../programs/token-program.ts';
import { SeededRandom } from '../random/seeded-random.ts';
import { ratio, toBaseUnits } from './exact-ratio.ts';
import type { HourlyCloses } from './hourly-closes.ts';
import { quoteAmount } from './scenario-amounts.ts';
import { type Scenario, type ScenarioEvent, type ScenarioToken, unixSeconds } from './scenario-spec.ts';
import { type WhirlpoolPool, whirlpoolPool, whirlpoolSwap } from './whirlpool-swap.ts';

/** Mainnet anchor of the slot clock (slot 345,573,632 at 1,749,439,190) and 400 ms per slot. */
const ANCHOR_SLOT = 345_573_632n;
const ANCHOR_TIME = 1_749_439_190;

export function slotAt(unixSeconds: number): bigint {
  return ANCHOR_SLOT + (BigInt(unixSeconds - ANCHOR_TIME) * 5n) / 2n;
}

/** What the wallet's event became: its transaction and the amounts the decoder must find. */
export interface ScenarioTransaction {
  readonly event: ScenarioEvent;
  readonly signature: string;
  readonly slot: bigint;
  readonly blockTime: number;
  readonly result: RpcTransactionResult;
  readonly version: 0 | 'legacy';
  /** Base units that left / arrived in the main wallet (null for the side that did not move). */
  readonly mintIn: string | null;
  readonly amountIn: bigint | null;
  readonly mintOut: string | null;
  readonly amountOut: bigint | null;
}

export interface ScenarioWallets {
  readonly main: string;
  readonly linked: string;
  readonly exchange: string;
  readonly distributor: string;
}

// Vault balances stay below 2^53: the node JSON writes lamports as plain numbers.
const BIG_VAULT = 10n ** 15n;

/**
 * Runs a scenario against simulated chain state: the wallets' token accounts and the pools' vaults exist before
 * the first event (opened earlier, outside the archive), every event is one transaction signed by the wallet
 * that acts (the exchange pays for its withdrawals, the distributor for the airdrop), with one signature and no
 * priority fee, so each fee is exactly 5,000 lamports. Deterministic: addresses and signatures come from the
 * scenario's seed.
 */
export class ScenarioChain {
  readonly state = new AccountState();
  readonly wallets: ScenarioWallets;
  private readonly rng: SeededRandom;
  private readonly tokens: ReadonlyMap<string, ScenarioToken>;
  private readonly pools = new Map<string, WhirlpoolPool>();
  private counter = 0;

  constructor(
    private readonly scenario: Scenario,
    private readonly closes: ReadonlyMap<string, HourlyCloses>,
  ) {
    const root = new SeededRandom(`oof-scenario:${scenario.seed}`);
    const keys = root.fork('keys');
    this.rng = root.fork('signatures');
    this.wallets = {
      main: keypairAddress(keys),
      linked: keypairAddress(keys),
      exchange: keypairAddress(keys),
      distributor: keypairAddress(keys),
    };
    this.tokens = new Map(scenario.tokens.map((t) => [t.symbol, t]));
    seedFixedAccounts(this.state);
    const s = this.state;
    const w = this.wallets;
    s.setLamports(w.linked, 50_000_000n);
    s.setLamports(w.exchange, 1_000_000n * 10n ** 9n);
    s.setLamports(w.distributor, 10n ** 9n);
    for (const t of scenario.tokens) {
      if (t.mint === WSOL_MINT) continue;
      for (const owner of [w.main, w.linked, w.exchange]) this.openAccount(owner, t);
      if (t.mint === USDC_MINT) continue;
      for (const quote of [USDC_MINT, WSOL_MINT]) {
        const [vaultA, vaultB] = [keypairAddress(keys), keypairAddress(keys)];
        const pool = whirlpoolPool(t.mint, quote, vaultA, vaultB);
        const quoteDecimals = quote === WSOL_MINT ? 9 : 6;
        s.openTokenAccount(
          vaultA,
          { mint: t.mint, owner: pool.address, decimals: t.decimals, programId: PROGRAM.token },
          BIG_VAULT,
        );
        s.openTokenAccount(
          vaultB,
          { mint: quote, owner: pool.address, decimals: quoteDecimals, programId: PROGRAM.token },
          BIG_VAULT,
        );
        s.setLamports(vaultA, RENT.tokenAccount);
        s.setLamports(vaultB, RENT.tokenAccount + (quote === WSOL_MINT ? BIG_VAULT : 0n));
        this.pools.set(`${t.mint}/${quote}`, pool);
      }
    }
    const usdc = this.token('USDC');
    s.setTokenAmount(associatedTokenAddress(w.exchange, usdc.mint, PROGRAM.token), 10n ** 15n);
  }

  private openAccount(owner: string, t: ScenarioToken): void {
    const ata = associatedTokenAddress(owner, t.mint, PROGRAM.token);
    this.state.openTokenAccount(ata, { mint: t.mint, owner, decimals: t.decimals, programId: PROGRAM.token });
    this.state.setLamports(ata, RENT.tokenAccount);
  }

  private token(symbol: string): ScenarioToken {
    const t = this.tokens.get(symbol);
    if (t === undefined) throw new RangeError(`scenario token ${symbol} is not declared`);
    return t;
  }

  private series(symbol: string): HourlyCloses {
    const c = this.closes.get(symbol);
    if (c === undefined) throw new RangeError(`scenario token ${symbol} has no hourly closes`);
    return c;
  }

  private ata(owner: string, mint: string): string {
    return associatedTokenAddress(owner, mint, PROGRAM.token);
  }

  /** One event → one finalized transaction. */
  run(event: ScenarioEvent): ScenarioTransaction {
    const at = unixSeconds(event.at);
    const w = this.wallets;
    const usdc = this.token('USDC');
    let tx: TransactionBuilder;
    let moved: Pick<ScenarioTransaction, 'mintIn' | 'amountIn' | 'mintOut' | 'amountOut'>;
    let version: 0 | 'legacy' = 'legacy';
    switch (event.kind) {
      case 'sol_in': {
        tx = new TransactionBuilder(this.state, w.exchange);
        systemTransfer(tx, w.exchange, w.main, BigInt(event.lamports));
        moved = { mintIn: null, amountIn: null, mintOut: WSOL_MINT, amountOut: BigInt(event.lamports) };
        break;
      }
      case 'sol_out': {
        const amount = this.state.lamports(w.main) - 5_000n - BigInt(event.keepLamports);
        tx = new TransactionBuilder(this.state, w.main);
        systemTransfer(tx, w.main, w.exchange, amount);
        moved = { mintIn: WSOL_MINT, amountIn: amount, mintOut: null, amountOut: null };
        break;
      }
      case 'usdc_in':
      case 'usdc_out_all': {
        const toMain = event.kind === 'usdc_in';
        const amount = toMain
          ? toBaseUnits(ratio(event.usdc), 6)
          : this.state.requireToken(this.ata(w.main, usdc.mint)).amount;
        const [from, to] = toMain ? [w.exchange, w.main] : [w.main, w.exchange];
        tx = new TransactionBuilder(this.state, from);
        this.transferChecked(tx, usdc, from, to, amount);
        moved = toMain
          ? { mintIn: null, amountIn: null, mintOut: usdc.mint, amountOut: amount }
          : { mintIn: usdc.mint, amountIn: amount, mintOut: null, amountOut: null };
        break;
      }
      case 'transfer': {
        const t = this.token(event.token);
        const amount = toBaseUnits(ratio(event.qty), t.decimals);
        const from = event.from === 'main' ? w.main : w.linked;
        const to = event.to === 'main' ? w.main : w.linked;
        tx = new TransactionBuilder(this.state, from);
        this.transferChecked(tx, t, from, to, amount);
        moved =
          from === w.main
            ? { mintIn: t.mint, amountIn: amount, mintOut: null, amountOut: null }
            : { mintIn: null, amountIn: null, mintOut: t.mint, amountOut: amount };
        break;
      }
      case 'airdrop': {
        const t = this.token(event.token);
        const amount = toBaseUnits(ratio(event.qty), t.decimals);
        tx = new TransactionBuilder(this.state, w.distributor);
        createAssociatedTokenAccount(tx, {
          payer: w.distributor,
          owner: w.main,
          mint: t.mint,
          decimals: t.decimals,
          idempotent: true,
        });
        tokenMintTo(
          tx,
          { mint: t.mint, destination: this.ata(w.main, t.mint), authority: w.distributor, amount },
          PROGRAM.token,
        );
        moved = { mintIn: null, amountIn: null, mintOut: t.mint, amountOut: amount };
        break;
      }
      case 'buy':
      case 'sell': {
        const t = this.token(event.token);
        const qty = toBaseUnits(ratio(event.qty), t.decimals);
        const quoteMint = event.quote === 'USDC' ? usdc.mint : WSOL_MINT;
        const quote = quoteAmount({
          qty: event.qty,
          fill: event.fill ?? '1',
          quote: event.quote,
          token: this.series(t.symbol),
          sol: this.series('SOL'),
          at,
        });
        tx = new TransactionBuilder(this.state, w.main);
        version = 0;
        this.swap(tx, t, quoteMint, event.kind, qty, quote);
        moved =
          event.kind === 'buy'
            ? { mintIn: quoteMint, amountIn: quote, mintOut: t.mint, amountOut: qty }
            : { mintIn: t.mint, amountIn: qty, mintOut: quoteMint, amountOut: quote };
        break;
      }
    }
    const slot = slotAt(at);
    const result = finalizeTransaction(tx, {
      slot,
      blockTime: at,
      recentBlockhash: blockhash(this.scenario.seed, slot - 20n),
      version,
      sign: (count) => Array.from({ length: count }, () => signature(this.rng, this.counter++)),
    });
    return {
      event,
      signature: result.transaction.signatures[0] ?? '',
      slot,
      blockTime: at,
      result,
      version,
      ...moved,
    };
  }

  private transferChecked(
    tx: TransactionBuilder,
    t: ScenarioToken,
    from: string,
    to: string,
    amount: bigint,
  ): void {
    tokenTransferChecked(tx, {
      source: this.ata(from, t.mint),
      mint: t.mint,
      destination: this.ata(to, t.mint),
      authority: from,
      amount,
      decimals: t.decimals,
    });
  }

  /** Token ↔ USDC straight on the pool; token ↔ SOL through a temporary WSOL account (wrap, swap, close). */
  private swap(
    tx: TransactionBuilder,
    t: ScenarioToken,
    quoteMint: string,
    side: 'buy' | 'sell',
    qty: bigint,
    quote: bigint,
  ): void {
    const user = this.wallets.main;
    const pool = this.pools.get(`${t.mint}/${quoteMint}`);
    if (pool === undefined) throw new RangeError(`no pool for ${t.symbol}/${quoteMint}`);
    let quoteAccount = this.ata(user, quoteMint);
    if (quoteMint === WSOL_MINT) {
      quoteAccount = createAssociatedTokenAccount(tx, {
        payer: user,
        owner: user,
        mint: WSOL_MINT,
        decimals: 9,
        idempotent: true,
      });
      if (side === 'buy') {
        systemTransfer(tx, user, quoteAccount, quote);
        tokenSyncNative(tx, quoteAccount);
      }
    }
    whirlpoolSwap(tx, {
      pool,
      user,
      ownerAccountA: this.ata(user, t.mint),
      ownerAccountB: quoteAccount,
      aToB: side === 'sell',
      amountA: qty,
      amountB: quote,
    });
    if (quoteMint === WSOL_MINT) tokenCloseAccount(tx, quoteAccount, user, user);
  }
}
