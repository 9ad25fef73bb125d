import { SOL_DECIMALS, SOL_MINT } from '../../domain/mints.ts';
import type { ActionKind } from '../action.ts';
import { accountLifecycleActions } from './account-lifecycle.ts';
import { exchange, incoming, outgoing, type ActionDraft, type Leg } from './action-draft.ts';
import { splitByCounterparty, withheldFee } from './counterparty.ts';
import { movementMint, ownerOf, venueOf, venueSideOf, type DecodeContext } from './decode-context.ts';
import { sidePayments } from './side-payments.ts';

export type { ActionDraft };

/**
 * Explains one owner's balance changes as actions whose legs sum, per mint, exactly to the owner's delta
 * (the reconciliation the golden tests check). Order: SOL that funded or left accounts (rent, stake), tokens
 * minted or burned, then liquidity or swap legs, then whatever is left as transfers, one per counterparty.
 */
export function ownerActions(ctx: DecodeContext, owner: string): ActionDraft[] {
  if (ctx.tx.failed) return []; // a failed transaction changed nothing but the fee
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
  const drafts: ActionDraft[] = accountLifecycleActions(ctx, owner, sol);
  const live = (): [string, Leg][] =>
    [...legs.entries()].filter(([, l]) => l.delta !== 0n).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  const lp = ctx.liquidity.find((x) => x.accounts.has(owner));
  // LP tokens minted or burned for a liquidity provider are legs of its deposit or withdrawal.
  if (lp === undefined) extractMintsAndBurns(ctx, owner, live(), drafts);
  if (lp !== undefined) {
    for (const [mint, l] of live()) {
      // A repositioning both withdraws and deposits: each leg's direction says which.
      const op = lp.op === 'adjust' ? (l.delta < 0n ? 'add' : 'remove') : lp.op;
      const kind = op === 'add' ? 'lp_add' : 'lp_remove';
      const d =
        l.delta < 0n
          ? outgoing(kind, owner, mint, -l.delta, l.decimals)
          : incoming(kind, owner, mint, l.delta, l.decimals);
      drafts.push({ ...d, venue: lp.venue });
      l.delta = 0n;
    }
  } else if (ctx.hasTrading && venueSideOf(ctx, owner).size > 0) {
    // The owner traded tokens with a venue: SOL it paid third parties meanwhile are fees (also beside a
    // round trip that nets to one mint, where no swap pair remains).
    drafts.push(...sidePayments(ctx, owner, sol()));
    // A swap spends what the owner's own instructions sent away: a decrease with no outgoing movement
    // (a node-side fee quirk, lamports a program took) is not a swap input.
    const inputs = live().filter(([mint, l]) => l.delta < 0n && sentByOwner(ctx, owner, mint));
    const outputs = live().filter(([, l]) => l.delta > 0n);
    if (inputs.length > 0 && outputs.length > 0) drafts.push(swapDraft(ctx, owner, inputs, outputs));
  }

  for (const [mint, l] of live()) {
    const direction = l.delta > 0n ? 'in' : 'out';
    const amount = l.delta > 0n ? l.delta : -l.delta;
    const fee = direction === 'in' ? withheldFee(ctx, owner, mint, amount) : null;
    splitByCounterparty(
      ctx,
      owner,
      mint,
      direction,
      amount,
      direction === 'out' ? paidTo(drafts, mint) : undefined,
    ).forEach((part, i) => {
      drafts.push(
        direction === 'in'
          ? {
              ...incoming('transfer_in', owner, mint, part.amount, l.decimals, part.counterparty),
              transferFeeRaw: i === 0 ? fee : null,
            }
          : outgoing('transfer_out', owner, mint, part.amount, l.decimals, part.counterparty),
      );
    });
    l.delta = 0n;
  }
  return drafts;
}

/** Minted and burned amounts are never a swap leg (a position NFT minted while rent is paid is no purchase). */
function extractMintsAndBurns(
  ctx: DecodeContext,
  owner: string,
  legs: [string, Leg][],
  drafts: ActionDraft[],
): void {
  for (const [mint, l] of legs) {
    if (l.delta > 0n) {
      const minted = min(sumMoved(ctx, owner, mint, 'token_mint'), l.delta);
      if (minted > 0n) drafts.push(incoming('mint', owner, mint, minted, l.decimals));
      l.delta -= minted;
    } else {
      const burned = min(sumMoved(ctx, owner, mint, 'token_burn'), -l.delta);
      if (burned > 0n) drafts.push(outgoing('burn', owner, mint, burned, l.decimals));
      l.delta += burned;
    }
  }
}

function swapDraft(
  ctx: DecodeContext,
  owner: string,
  inputs: [string, Leg][],
  outputs: [string, Leg][],
): ActionDraft {
  const [inMint, inLeg] = firstMoved(ctx, owner, inputs, 'out');
  const [outMint, outLeg] = firstMoved(ctx, owner, outputs, 'in');
  const isStake = ctx.hasStakePool && (inMint === SOL_MINT || outMint === SOL_MINT);
  const kind: ActionKind = isStake ? (inMint === SOL_MINT ? 'stake' : 'unstake') : 'swap';
  const inQuote = ctx.quoteMints.has(inMint);
  const outQuote = ctx.quoteMints.has(outMint);
  const draft = exchange(
    kind,
    owner,
    { mint: inMint, amount: -inLeg.delta, decimals: inLeg.decimals },
    { mint: outMint, amount: outLeg.delta, decimals: outLeg.decimals },
    {
      venue: venueOf(ctx, owner),
      side: kind !== 'swap' ? null : inQuote && !outQuote ? 'buy' : outQuote && !inQuote ? 'sell' : 'swap',
      transferFeeRaw: withheldFee(ctx, owner, outMint, outLeg.delta),
    },
  );
  inLeg.delta = 0n;
  outLeg.delta = 0n;
  return draft;
}

/** Did the owner's own accounts send this mint anywhere (token transfer, SOL transfer or account funding)? */
function sentByOwner(ctx: DecodeContext, owner: string, mint: string): boolean {
  return ctx.movements.some((m) => {
    if (m.type === 'token_transfer') return movementMint(ctx, m) === mint && ownerOf(ctx, m.source) === owner;
    if (mint !== SOL_MINT) return false;
    if (m.type === 'sol_transfer') return ownerOf(ctx, m.from) === owner && ownerOf(ctx, m.to) !== owner;
    return m.type === 'create_account' && ownerOf(ctx, m.from) === owner;
  });
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
        if (ownerOf(ctx, direction === 'out' ? m.source : m.destination) === owner) return m.ixIndex;
      }
      if (m.type === 'sol_transfer' && mint === SOL_MINT) {
        if (ownerOf(ctx, direction === 'out' ? m.from : m.to) === owner) return m.ixIndex;
      }
    }
    return Number.MAX_SAFE_INTEGER;
  };
  return [...candidates].sort(
    ([a], [b]) => firstIndex(a) - firstIndex(b) || (a < b ? -1 : a > b ? 1 : 0),
  )[0]!;
}

function sumMoved(
  ctx: DecodeContext,
  owner: string,
  mint: string,
  type: 'token_mint' | 'token_burn',
): bigint {
  let s = 0n;
  for (const m of ctx.movements) {
    if (
      m.type === 'token_mint' &&
      type === 'token_mint' &&
      m.mint === mint &&
      ownerOf(ctx, m.destination) === owner
    )
      s += m.amount;
    if (
      m.type === 'token_burn' &&
      type === 'token_burn' &&
      m.mint === mint &&
      ownerOf(ctx, m.account) === owner
    )
      s += m.amount;
  }
  return s;
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** What the owner's actions so far sent each counterparty in one mint (fees, rent): not to be counted again. */
function paidTo(drafts: readonly ActionDraft[], mint: string): Map<string, bigint> {
  const paid = new Map<string, bigint>();
  for (const d of drafts) {
    if (d.mintIn === mint && d.amountIn !== null && d.counterparty !== null) {
      paid.set(d.counterparty, (paid.get(d.counterparty) ?? 0n) + d.amountIn);
    }
  }
  return paid;
}
