import { SOL_MINT } from '../../domain/mints.ts';
import { fundsNewAccount, movementMint, ownerOf, type DecodeContext } from './decode-context.ts';

/**
 * Splits an owner's net incoming or outgoing amount of one mint between the wallets on the other side:
 * by what the instructions moved between them (largest first, each capped at what is left and at what that
 * holder's own balance actually gained or lost — a pool that passed the lamports on is no counterparty), any
 * remainder to the only holder whose balance moved by exactly the opposite amount, else to no one known.
 * Amounts always sum to `amount`.
 */
export function splitByCounterparty(
  ctx: DecodeContext,
  owner: string,
  mint: string,
  direction: 'in' | 'out',
  amount: bigint,
  /** Amounts already reported against a holder in this direction (fees paid to it), not to count twice. */
  attributed?: ReadonlyMap<string, bigint>,
): { counterparty: string | null; amount: bigint }[] {
  const parts: { counterparty: string | null; amount: bigint }[] = [];
  let left = amount;
  const change = new Map<string, bigint>();
  for (const d of ctx.balances.deltas) if (d.mint === mint) change.set(d.owner, d.deltaRaw);
  for (const [other, moved] of movedWith(ctx, owner, mint, direction)) {
    if (left === 0n) break;
    // Capped at what the holder actually kept (a curve that paid the lamports back by a direct debit kept
    // only the difference) — unless its balance went the other way overall: then it is a hub that visibly
    // passed these on, and the movement stands.
    const theirs = change.get(other) ?? 0n;
    const room = direction === 'out' ? theirs : -theirs;
    const already = attributed?.get(other) ?? 0n;
    const take = [moved - already, left, ...(room > 0n ? [room - already] : [])].reduce((a, b) =>
      b < a ? b : a,
    );
    if (take <= 0n) continue;
    parts.push({ counterparty: other, amount: take });
    left -= take;
  }
  if (left > 0n) {
    const exact = direction === 'in' ? -left : left;
    const opposite = ctx.balances.deltas.filter(
      (d) => d.mint === mint && d.owner !== owner && d.deltaRaw === exact,
    );
    const fallback = opposite.length === 1 ? opposite[0]!.owner : null;
    const same = parts.find((p) => p.counterparty === fallback);
    if (same) same.amount += left;
    else parts.push({ counterparty: fallback, amount: left });
  }
  return parts;
}

/** Amounts of `mint` the instructions moved between the owner and each other holder, largest first. */
function movedWith(
  ctx: DecodeContext,
  owner: string,
  mint: string,
  direction: 'in' | 'out',
): [string, bigint][] {
  const amounts = new Map<string, bigint>();
  // Net per holder: what went its way minus what came back, so a pass-through account is no counterparty.
  const note = (other: string, amount: bigint): void => {
    if (other === owner) return;
    amounts.set(other, (amounts.get(other) ?? 0n) + amount);
  };
  const back = (other: string, amount: bigint): void => note(other, -amount);
  const mine = (account: string): boolean => ownerOf(ctx, account) === owner;
  // A flow toward the owner counts for 'in', away for 'out'; the reverse flow with the same holder nets off.
  const flow = (from: string, to: string, amount: bigint): void => {
    if (mine(from) === mine(to)) return;
    const outward = mine(from);
    const other = ownerOf(ctx, outward ? to : from);
    if (outward === (direction === 'out')) note(other, amount);
    else back(other, amount);
  };
  for (const m of ctx.movements) {
    switch (m.type) {
      case 'sol_transfer':
        // A transfer that funds an account this transaction opens is rent, reported as such.
        if (mint === SOL_MINT && !fundsNewAccount(ctx, owner, m)) flow(m.from, m.to, m.lamports);
        break;
      case 'create_account': // rent, reported by account-lifecycle
        break;
      case 'token_transfer':
        if (movementMint(ctx, m) === mint) flow(m.source, m.destination, m.amount);
        break;
      case 'close_account':
      case 'token_mint':
      case 'token_burn':
      case 'token_account_init':
      case 'account_allocate':
        break;
    }
  }
  return [...amounts.entries()]
    .filter(([, v]) => v > 0n)
    .sort((x, y) => (x[1] === y[1] ? (x[0] < y[0] ? -1 : 1) : x[1] > y[1] ? -1 : 1));
}

/**
 * Token-2022 transfer fee withheld on what the owner received in `mint`: the fee the instructions declared
 * (`TransferCheckedWithFee`), else what was sent to the owner's accounts minus what they were credited.
 */
export function withheldFee(
  ctx: DecodeContext,
  owner: string,
  mint: string,
  credited: bigint,
): bigint | null {
  let declared = 0n;
  let grossIn = 0n;
  let grossOut = 0n;
  let token2022 = false;
  for (const m of ctx.movements) {
    if (m.type !== 'token_transfer' || movementMint(ctx, m) !== mint) continue;
    const inbound = ownerOf(ctx, m.destination) === owner;
    const outbound = ownerOf(ctx, m.source) === owner;
    if (inbound === outbound) continue;
    if (m.tokenProgram === 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb') token2022 = true;
    if (inbound) {
      grossIn += m.amount;
      declared += m.feeRaw ?? 0n;
    } else grossOut += m.amount;
  }
  if (!token2022) return null;
  if (declared > 0n) return declared;
  const implied = grossIn - grossOut - credited;
  return implied > 0n ? implied : null;
}
