import { PROGRAM } from '../chain/well-known.ts';
import { associatedTokenAddress } from '../keys/program-address.ts';
import type { SeededRandom } from '../random/seeded-random.ts';
import { curveBuy, curveSell } from './scenarios/curve-trade.ts';
import { failedCurveBuy, failedCurveSell, failedPoolBuy } from './scenarios/failed-trade.ts';
import { launch } from './scenarios/launch.ts';
import { migration } from './scenarios/migration.ts';
import { poolTrade } from './scenarios/pool-trade.ts';
import { OVERHEAD_LAMPORTS, SOL, type ScenarioContext } from './scenarios/scenario-context.ts';
import { solTransfer, splTransfer } from './scenarios/transfers.ts';
import type { BuiltTransaction } from './simulated-transaction.ts';
import { tokenWeight, type SimToken } from './token-book.ts';

type Pending = {
  readonly sameSlot: boolean;
  readonly build: (ctx: ScenarioContext) => BuiltTransaction | null;
};

const CREATE_MIN_LAMPORTS = 20_000_000n;

/**
 * Decides what the next transaction is. Scheduled things first (snipers in the launch slot, the migration of a
 * completed curve, launches and rugs when their time comes), then a random mix: ~2.5% failed trades, ~3% SOL
 * transfers (exchange withdrawals and wallet-to-wallet), ~2% token transfers, the rest trades on the token
 * drawn by attention weight, bought by a random trader (a quarter of the time one that sold out before: a
 * re-entry) or sold by a random holder. Migrated tokens trade on PumpSwap, a quarter of that through Jupiter.
 */
export class MarketPolicy {
  private readonly pending: Pending[] = [];
  private nextLaunch = 0;
  private weights: number[] = [];
  private weightsAt = -1;
  private readonly rugs: SimToken[];
  private nextRug = 0;

  constructor(private readonly tokens: readonly SimToken[]) {
    this.rugs = tokens.filter((t) => t.rugMs !== null).sort((a, b) => (a.rugMs ?? 0) - (b.rugMs ?? 0));
  }

  /** Whether the next transaction must land in the same slot as the last one (a sniper after its launch). */
  get nextIsSameSlot(): boolean {
    return this.pending[0]?.sameSlot === true;
  }

  onCurveComplete = (token: SimToken): void => {
    this.weightsAt = -1;
    this.pending.push({
      sameSlot: false,
      build: (ctx) => {
        this.weightsAt = -1;
        return migration(ctx, token);
      },
    });
  };

  next(ctx: ScenarioContext, step: number): BuiltTransaction {
    const built = this.scheduled(ctx) ?? this.random(ctx, step);
    return built ?? this.funding(ctx, ctx.rng.pick(ctx.wallets.traders));
  }

  private scheduled(ctx: ScenarioContext): BuiltTransaction | null {
    while (this.pending.length > 0) {
      const built = this.pending.shift()?.build(ctx) ?? null;
      if (built !== null) return built;
    }
    const token = this.tokens[this.nextLaunch];
    if (token !== undefined && token.launchMs <= ctx.nowMs) {
      // A creator without the rent of a create (mint, curve, its token account, metadata: ≈ 0.0105 SOL)
      // withdraws from an exchange first; its launch follows. Only large markets run creators this dry.
      if (ctx.state.lamports(ctx.wallets.wallet(token.creator).address) < CREATE_MIN_LAMPORTS)
        return this.funding(ctx, token.creator);
      this.nextLaunch += 1;
      this.weightsAt = -1;
      const built = launch(ctx, token);
      const snipers = ctx.rng.range(1, 5);
      for (let i = 0; i < snipers; i += 1) {
        const wallet = ctx.rng.pick(ctx.wallets.snipers);
        this.pending.push({
          sameSlot: true,
          build: (c) => this.buy(c, token, wallet, ctx.rng.bigRange(SOL / 2n, 4n * SOL), 'sniper'),
        });
      }
      return built;
    }
    const rug = this.rugs[this.nextRug];
    if (
      rug !== undefined &&
      (rug.rugMs ?? Infinity) <= ctx.nowMs &&
      rug.phase !== 'scheduled' &&
      rug.phase !== 'complete'
    ) {
      this.nextRug += 1;
      rug.rugged = true;
      this.weightsAt = -1;
      const held = this.holding(ctx, rug.creator, rug);
      if (held > 0n) {
        ctx.wallets.wallet(rug.creator).roles.add('rugger');
        return this.sell(ctx, rug, rug.creator, held, false);
      }
    }
    return null;
  }

  private random(ctx: ScenarioContext, step: number): BuiltTransaction | null {
    const r = ctx.rng.float();
    const token = this.pickToken(ctx, step);
    if (r < 0.03) {
      const from = ctx.rng.pick(ctx.wallets.traders);
      const to = ctx.rng.pick(ctx.wallets.traders);
      const amount = ctx.rng.bigRange(SOL / 20n, 2n * SOL);
      if (from === to || ctx.state.lamports(ctx.wallets.wallet(from).address) < amount + OVERHEAD_LAMPORTS) {
        return this.funding(ctx, to);
      }
      return solTransfer(ctx, from, to, amount);
    }
    if (token === null) return null;
    if (r < 0.055) return this.failed(ctx, token);
    if (r < 0.075) {
      const from = ctx.wallets.pickHolder(token.mint, ctx.rng);
      const to = ctx.rng.pick(ctx.wallets.traders);
      if (from === null || from === to || !this.canPay(ctx, from)) return null;
      const held = this.holding(ctx, from, token);
      return splTransfer(ctx, token, from, to, (held * BigInt(ctx.rng.range(10, 100))) / 100n || held);
    }
    return this.trade(ctx, token);
  }

  private trade(ctx: ScenarioContext, token: SimToken): BuiltTransaction | null {
    const holders = ctx.wallets.holderCount(token.mint);
    // Above its ceiling a token's buyers thin out and sellers take over: it stalls and dies on the curve.
    const stalled =
      token.phase === 'curve' && token.curve.realSol > (token.ceilingLamports ?? token.curve.realSol);
    const buyShare = token.rugged
      ? 0.15
      : stalled
        ? 0.3
        : token.phase === 'amm'
          ? 0.5
          : token.fate === 'migrate'
            ? 0.8
            : token.fate === 'rug'
              ? 0.72
              : 0.58;
    if (holders === 0 || ctx.rng.chance(buyShare)) {
      const exited = ctx.rng.chance(0.25) ? ctx.wallets.pickExited(token.mint, ctx.rng) : null;
      const wallet = exited ?? ctx.rng.pick(ctx.wallets.traders);
      const available = ctx.state.lamports(ctx.wallets.wallet(wallet).address) - OVERHEAD_LAMPORTS;
      if (available < SOL / 50n) return this.funding(ctx, wallet);
      let budget = tradeSize(ctx.rng, token.fate === 'migrate' && token.phase === 'curve');
      if (budget > (available * 3n) / 4n) budget = (available * 3n) / 4n;
      return this.buy(ctx, token, wallet, budget, 'normal');
    }
    const seller = ctx.wallets.pickHolder(token.mint, ctx.rng);
    if (seller === null) return null;
    if (!this.canPay(ctx, seller)) return this.funding(ctx, seller);
    const held = this.holding(ctx, seller, token);
    const amount = ctx.rng.chance(0.4) ? held : (held * BigInt(ctx.rng.range(25, 90))) / 100n;
    return this.sell(ctx, token, seller, amount, ctx.rng.chance(0.25));
  }

  private buy(
    ctx: ScenarioContext,
    token: SimToken,
    wallet: number,
    budget: bigint,
    urgency: 'normal' | 'sniper',
  ): BuiltTransaction | null {
    const available = ctx.state.lamports(ctx.wallets.wallet(wallet).address) - OVERHEAD_LAMPORTS;
    const spend = budget + budget / 50n > available ? (available * 90n) / 100n : budget;
    if (spend < SOL / 1000n) return null;
    if (token.phase === 'curve') return curveBuy(ctx, token, wallet, spend, urgency);
    if (token.phase === 'amm')
      return poolTrade(ctx, token, wallet, { side: 'buy', budget: spend }, ctx.rng.chance(0.25));
    return null;
  }

  private sell(
    ctx: ScenarioContext,
    token: SimToken,
    wallet: number,
    amount: bigint,
    viaJupiter: boolean,
  ): BuiltTransaction | null {
    if (token.phase === 'curve') return curveSell(ctx, token, wallet, amount);
    if (token.phase === 'amm') return poolTrade(ctx, token, wallet, { side: 'sell', amount }, viaJupiter);
    return null;
  }

  private failed(ctx: ScenarioContext, token: SimToken): BuiltTransaction | null {
    const complete = this.tokens.find((t) => t.phase === 'complete');
    const wallet = ctx.rng.pick(ctx.wallets.traders);
    const available = ctx.state.lamports(ctx.wallets.wallet(wallet).address) - OVERHEAD_LAMPORTS;
    if (available < SOL / 20n) return null;
    const budget = (available * BigInt(ctx.rng.range(20, 200))) / 1000n;
    if (complete !== undefined && ctx.rng.chance(0.5)) return failedCurveBuy(ctx, complete, wallet, budget);
    if (token.phase === 'amm') return failedPoolBuy(ctx, token, wallet, budget);
    if (token.phase !== 'curve') return null;
    const holder = ctx.wallets.pickHolder(token.mint, ctx.rng);
    if (holder !== null && ctx.rng.chance(0.4) && this.canPay(ctx, holder)) {
      return failedCurveSell(ctx, token, holder, this.holding(ctx, holder, token));
    }
    return failedCurveBuy(ctx, token, wallet, budget);
  }

  /** An exchange withdrawal that tops a wallet up (2–30 SOL): how traders who ran dry come back. */
  private funding(ctx: ScenarioContext, wallet: number): BuiltTransaction {
    return solTransfer(
      ctx,
      ctx.rng.pick(ctx.wallets.exchanges),
      wallet,
      ctx.rng.bigRange(2n * SOL, 30n * SOL),
    );
  }

  private canPay(ctx: ScenarioContext, wallet: number): boolean {
    return ctx.state.lamports(ctx.wallets.wallet(wallet).address) >= OVERHEAD_LAMPORTS;
  }

  private holding(ctx: ScenarioContext, wallet: number, token: SimToken): bigint {
    const ata = associatedTokenAddress(ctx.wallets.wallet(wallet).address, token.mint, PROGRAM.token);
    return ctx.state.token(ata)?.amount ?? 0n;
  }

  /** A token drawn by attention weight; weights are refreshed every 32 transactions or on a phase change. */
  private pickToken(ctx: ScenarioContext, step: number): SimToken | null {
    if (this.weightsAt < 0 || step - this.weightsAt >= 32) {
      this.weights = this.tokens.map((t) => tokenWeight(t, ctx.nowMs));
      this.weightsAt = step;
    }
    const total = this.weights.reduce((s, w) => s + w, 0);
    if (total <= 0) return null;
    const token = this.tokens[ctx.rng.weighted(this.weights, total)];
    return token !== undefined && token.phase !== 'complete' ? token : null;
  }
}

/**
 * SOL a buyer spends: mostly small (0.02–0.5 SOL), sometimes medium (0.5–3), rarely a whale (3–15), the
 * shape of pump.fun's trade sizes. Tokens headed for migration draw twice the size.
 */
function tradeSize(rng: SeededRandom, bold: boolean): bigint {
  const r = rng.float();
  const size =
    r < 0.7
      ? rng.bigRange(SOL / 50n, SOL / 2n)
      : r < 0.95
        ? rng.bigRange(SOL / 2n, 3n * SOL)
        : rng.bigRange(3n * SOL, 15n * SOL);
  return bold ? 2n * size : size;
}
