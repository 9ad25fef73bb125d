import { SOL_MINT } from '../../domain/mints.ts';
import { movementMint, ownerOf, type DecodeContext } from './decode-context.ts';

/**
 * The other wallet of an owner's incoming or outgoing flow of one mint: the owner that moved the most of that
 * mint with it according to the instructions, else the only owner whose balance moved the opposite way.
 */
export function findCounterparty(
  ctx: DecodeContext,
  owner: string,
  mint: string,
  direction: 'in' | 'out',
): string | null {
  const amounts = new Map<string, bigint>();
  const note = (other: string, amount: bigint): void => {
    if (other === owner) return;
    amounts.set(other, (amounts.get(other) ?? 0n) + amount);
  };
  const mine = (account: string): boolean => ownerOf(ctx, account) === owner;
  for (const m of ctx.movements) {
    switch (m.type) {
      case 'sol_transfer':
        if (mint !== SOL_MINT) break;
        if (direction === 'out' && mine(m.from) && !mine(m.to)) note(ownerOf(ctx, m.to), m.lamports);
        if (direction === 'in' && mine(m.to) && !mine(m.from)) note(ownerOf(ctx, m.from), m.lamports);
        break;
      case 'create_account':
        if (mint === SOL_MINT && direction === 'out' && mine(m.from) && !mine(m.newAccount)) {
          note(ownerOf(ctx, m.newAccount), m.lamports);
        }
        break;
      case 'token_transfer': {
        if (movementMint(ctx, m) !== mint) break;
        if (direction === 'out' && mine(m.source) && !mine(m.destination))
          note(ownerOf(ctx, m.destination), m.amount);
        if (direction === 'in' && mine(m.destination) && !mine(m.source))
          note(ownerOf(ctx, m.source), m.amount);
        break;
      }
      case 'close_account':
        if (mint === SOL_MINT && direction === 'in' && mine(m.destination) && !mine(m.account)) {
          note(ownerOf(ctx, m.account), 1n);
        }
        break;
      case 'token_mint':
      case 'token_burn':
        break;
    }
  }
  if (amounts.size > 0) {
    return [...amounts.entries()].sort((a, b) =>
      a[1] === b[1] ? (a[0] < b[0] ? -1 : 1) : a[1] > b[1] ? -1 : 1,
    )[0]![0];
  }
  const opposite = ctx.balances.deltas.filter(
    (d) => d.mint === mint && d.owner !== owner && (direction === 'in' ? d.deltaRaw < 0n : d.deltaRaw > 0n),
  );
  return opposite.length === 1 ? opposite[0]!.owner : null;
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
