import { SOL_DECIMALS, SOL_MINT } from '../../domain/mints.ts';
import { outgoing, type ActionDraft, type Leg } from './action-draft.ts';
import { fundsNewAccount, ownerOf, venueSideOf, type DecodeContext } from './decode-context.ts';

/**
 * Native SOL the owner sent, during a swap, to anyone who is not on the other side of its token flows
 * (launchpad fee recipients, bot and router fees, Jito tips): reported as `fee` actions naming the recipient,
 * so the swap's legs are exactly what crossed between the wallet and the venue, and the cost of execution
 * (network fee plus these) is the sum of the transaction's `fee` actions.
 * The other side is every holder that sent tokens to, or received tokens from, the owner's accounts.
 * When the payments are all the SOL the owner spent, SOL is no swap leg at all (a tip beside a token swap).
 */
export function sidePayments(ctx: DecodeContext, owner: string, solLeg: Leg): ActionDraft[] {
  const venueSide = venueSideOf(ctx, owner);
  const paid = new Map<string, bigint>();
  for (const m of ctx.movements) {
    if (m.type !== 'sol_transfer' || ownerOf(ctx, m.from) !== owner) continue;
    const to = m.to;
    if (ownerOf(ctx, to) === owner || ctx.balances.tokenAccounts.has(to) || venueSide.has(to)) continue;
    if (fundsNewAccount(ctx, owner, m)) continue; // rent, already carved out
    paid.set(to, (paid.get(to) ?? 0n) + m.lamports);
  }
  let total = 0n;
  for (const v of paid.values()) total += v;
  // A SOL decrease smaller than the payments means SOL came back from the trade: then they were the trade.
  if (total === 0n || solLeg.delta === 0n || (solLeg.delta < 0n && solLeg.delta + total > 0n)) return [];
  solLeg.delta += total;
  return [...paid.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([to, lamports]) => outgoing('fee', owner, SOL_MINT, lamports, SOL_DECIMALS, to));
}
