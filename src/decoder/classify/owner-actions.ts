import { SOL_DECIMALS, SOL_MINT } from '../../domain/mints.ts';
import type { ActionKind, SwapSide } from '../action.ts';
import { createdAccountOwner, stakeWithdraw } from '../programs/instruction-kinds.ts';
import { PROGRAM_IDS } from '../programs/program-registry.ts';
import { splitByCounterparty, withheldFee } from './counterparty.ts';
import { movementMint, ownerOf, type DecodeContext } from './decode-context.ts';

/** An action before it gets its `(signature, index)` and transaction-wide fields. */
export interface ActionDraft {
  readonly kind: ActionKind;
  readonly owner: string;
  readonly mintIn: string | null;
  readonly amountIn: bigint | null;
  readonly decimalsIn: number | null;
  readonly mintOut: string | null;
  readonly amountOut: bigint | null;
  readonly decimalsOut: number | null;
  readonly venue: string | null;
  readonly side: SwapSide | null;
  readonly counterparty: string | null;
  readonly transferFeeRaw: bigint | null;
}

interface Leg {
  delta: bigint;
  readonly decimals: number;
}

const empty = {
  mintIn: null,
  amountIn: null,
  decimalsIn: null,
  mintOut: null,
  amountOut: null,
  decimalsOut: null,
  venue: null,
  side: null,
  counterparty: null,
  transferFeeRaw: null,
} as const;

function outgoing(
  kind: ActionKind,
  owner: string,
  mint: string,
  amount: bigint,
  decimals: number,
): ActionDraft {
  return { ...empty, kind, owner, mintIn: mint, amountIn: amount, decimalsIn: decimals };
}

function incoming(
  kind: ActionKind,
  owner: string,
  mint: string,
  amount: bigint,
  decimals: number,
): ActionDraft {
  return { ...empty, kind, owner, mintOut: mint, amountOut: amount, decimalsOut: decimals };
}

/**
 * Explains one owner's balance changes as actions whose legs sum, per mint, exactly to the owner's delta
 * (the reconciliation the golden tests check). Order: rent/stake of accounts it opened, then the swap or
 * liquidity legs, then whatever is left as mints, burns and transfers.
 */
export function ownerActions(ctx: DecodeContext, owner: string): ActionDraft[] {
  const { tx } = ctx;
  if (tx.failed) return []; // a failed transaction changed nothing but the fee
  const legs = new Map<string, Leg>();
  for (const d of ctx.balances.deltas) {
    if (d.owner === owner) legs.set(d.mint, { delta: d.deltaRaw, decimals: d.decimals });
  }
  const sol = (): Leg => {
    let l = legs.get(SOL_MINT);
    if (l === undefined) {
      l = { delta: 0n, decimals: SOL_DECIMALS };
      legs.set(SOL_MINT, l);
    }
    return l;
  };
  const mine = (account: string): boolean => ownerOf(ctx, account) === owner;
  const drafts: ActionDraft[] = [];

  for (const m of ctx.movements) {
    // Any account opened for another holder (program state, a pool's or a recipient's token account) holds
    // rent the owner paid: reported as `rent` so it does not inflate a swap's SOL leg.
    if (m.type !== 'create_account' || !mine(m.from) || mine(m.newAccount)) continue;
    const ix = tx.instructions[m.ixIndex];
    const kind = ix !== undefined && createdAccountOwner(ix) === PROGRAM_IDS.stake ? 'stake' : 'rent';
    drafts.push({ ...outgoing(kind, owner, SOL_MINT, m.lamports, SOL_DECIMALS), counterparty: m.newAccount });
    sol().delta += m.lamports;
  }
  for (const ix of tx.instructions) {
    const w = stakeWithdraw(ix);
    if (w === null || !mine(w.to)) continue;
    drafts.push({
      ...incoming('unstake', owner, SOL_MINT, w.lamports, SOL_DECIMALS),
      counterparty: ix.accounts[0] ?? null,
    });
    sol().delta -= w.lamports;
  }

  const live = (): [string, Leg][] => [...legs.entries()].filter(([, l]) => l.delta !== 0n);
  const negatives = (): [string, Leg][] => live().filter(([, l]) => l.delta < 0n);
  const positives = (): [string, Leg][] => live().filter(([, l]) => l.delta > 0n);

  if (ctx.lpOp !== null && tx.signers.includes(owner) && live().length > 0) {
    const kind = ctx.lpOp === 'add' ? 'lp_add' : 'lp_remove';
    for (const [mint, l] of live()) {
      const d =
        l.delta < 0n
          ? outgoing(kind, owner, mint, -l.delta, l.decimals)
          : incoming(kind, owner, mint, l.delta, l.decimals);
      drafts.push({ ...d, venue: ctx.lpVenue });
      l.delta = 0n;
    }
  } else if (ctx.hasTrading && negatives().length > 0 && positives().length > 0) {
    const [inMint, inLeg] = firstMoved(ctx, owner, negatives(), 'out');
    const [outMint, outLeg] = firstMoved(ctx, owner, positives(), 'in');
    if (inMint === SOL_MINT || outMint === SOL_MINT)
      drafts.push(...sidePayments(ctx, owner, sol(), inMint === SOL_MINT));
    const isStake = ctx.hasStakePool && (inMint === SOL_MINT || outMint === SOL_MINT);
    const kind: ActionKind = isStake ? (inMint === SOL_MINT ? 'stake' : 'unstake') : 'swap';
    const inQuote = ctx.quoteMints.has(inMint);
    const outQuote = ctx.quoteMints.has(outMint);
    drafts.push({
      ...empty,
      kind,
      owner,
      mintIn: inMint,
      amountIn: -inLeg.delta,
      decimalsIn: inLeg.decimals,
      mintOut: outMint,
      amountOut: outLeg.delta,
      decimalsOut: outLeg.decimals,
      venue: ctx.venue,
      side: kind !== 'swap' ? null : inQuote && !outQuote ? 'buy' : outQuote && !inQuote ? 'sell' : 'swap',
      transferFeeRaw: withheldFee(ctx, owner, outMint, outLeg.delta),
    });
    inLeg.delta = 0n;
    outLeg.delta = 0n;
  }

  for (const [mint, l] of live().sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (l.delta > 0n) {
      const minted = sumMinted(ctx, owner, mint);
      const fromMint = minted < l.delta ? minted : l.delta;
      if (fromMint > 0n) drafts.push(incoming('mint', owner, mint, fromMint, l.decimals));
      const rest = l.delta - fromMint;
      const fee = rest > 0n ? withheldFee(ctx, owner, mint, rest) : null;
      splitByCounterparty(ctx, owner, mint, 'in', rest).forEach((part, i) => {
        drafts.push({
          ...incoming('transfer_in', owner, mint, part.amount, l.decimals),
          counterparty: part.counterparty,
          transferFeeRaw: i === 0 ? fee : null,
        });
      });
    } else {
      const burned = sumBurned(ctx, owner, mint);
      const fromBurn = burned < -l.delta ? burned : -l.delta;
      if (fromBurn > 0n) drafts.push(outgoing('burn', owner, mint, fromBurn, l.decimals));
      const rest = -l.delta - fromBurn;
      for (const part of splitByCounterparty(ctx, owner, mint, 'out', rest)) {
        drafts.push({
          ...outgoing('transfer_out', owner, mint, part.amount, l.decimals),
          counterparty: part.counterparty,
        });
      }
    }
    l.delta = 0n;
  }
  return drafts;
}

/** The leg whose mint the owner's instructions moved first (ties and unmoved mints by mint, deterministic). */
function firstMoved(
  ctx: DecodeContext,
  owner: string,
  candidates: [string, Leg][],
  direction: 'in' | 'out',
): [string, Leg] {
  if (candidates.length === 1) return candidates[0]!;
  const firstIndex = (mint: string): number => {
    for (const m of ctx.movements) {
      if (m.type === 'token_transfer' && movementMint(ctx, m) === mint) {
        const acct = direction === 'out' ? m.source : m.destination;
        if (ownerOf(ctx, acct) === owner) return m.ixIndex;
      }
      if (m.type === 'sol_transfer' && mint === SOL_MINT) {
        const acct = direction === 'out' ? m.from : m.to;
        if (ownerOf(ctx, acct) === owner) return m.ixIndex;
      }
    }
    return Number.MAX_SAFE_INTEGER;
  };
  return [...candidates].sort(
    ([a], [b]) => firstIndex(a) - firstIndex(b) || (a < b ? -1 : a > b ? 1 : 0),
  )[0]!;
}

/**
 * Native SOL the owner sent, during a swap, to anyone who is not on the other side of its token flows
 * (launchpad fee recipients, bot and router fees, Jito tips): reported as transfers to them, so the swap's SOL
 * leg is what the venue itself took or gave — the figure the venue's own events and peer parsers report.
 * The other side is every owner that sent tokens to, or received tokens from, the owner's accounts.
 */
function sidePayments(ctx: DecodeContext, owner: string, solLeg: Leg, solIsInput: boolean): ActionDraft[] {
  const venueOwners = new Set<string>();
  for (const m of ctx.movements) {
    if (m.type !== 'token_transfer') continue;
    const src = ownerOf(ctx, m.source);
    const dst = ownerOf(ctx, m.destination);
    if (src === owner && dst !== owner) venueOwners.add(dst);
    if (dst === owner && src !== owner) venueOwners.add(src);
  }
  const paid = new Map<string, bigint>();
  for (const m of ctx.movements) {
    if (m.type !== 'sol_transfer' || ownerOf(ctx, m.from) !== owner) continue;
    const to = m.to;
    if (ownerOf(ctx, to) === owner || ctx.balances.tokenAccounts.has(to) || venueOwners.has(to)) continue;
    paid.set(to, (paid.get(to) ?? 0n) + m.lamports);
  }
  let total = 0n;
  for (const v of paid.values()) total += v;
  const after = solLeg.delta + total;
  // Only separate them when the swap leg keeps its direction; otherwise the "payments" were the trade itself.
  if (total === 0n || (solIsInput ? after >= 0n : after <= 0n)) return [];
  solLeg.delta = after;
  return [...paid.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([to, lamports]) => ({
      ...outgoing('transfer_out', owner, SOL_MINT, lamports, SOL_DECIMALS),
      counterparty: to,
    }));
}

function sumMinted(ctx: DecodeContext, owner: string, mint: string): bigint {
  let s = 0n;
  for (const m of ctx.movements) {
    if (m.type === 'token_mint' && m.mint === mint && ownerOf(ctx, m.destination) === owner) s += m.amount;
  }
  return s;
}

function sumBurned(ctx: DecodeContext, owner: string, mint: string): bigint {
  let s = 0n;
  for (const m of ctx.movements) {
    if (m.type === 'token_burn' && m.mint === mint && ownerOf(ctx, m.account) === owner) s += m.amount;
  }
  return s;
}
