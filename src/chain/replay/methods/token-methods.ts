import { formatUnits } from '../../../domain/decimal.ts';
import { invalidParams } from '../rpc-error.ts';
import { addressParam, checkCommitment, configParam } from '../rpc-params.ts';
import type { TokenLedger } from '../tokens/token-ledger.ts';

/** The node's fixed answer size of getTokenLargestAccounts. */
export const LARGEST_ACCOUNTS_LIMIT = 20;

/** A UiTokenAmount as the node writes it (`uiAmount` is the node's f64 of the amount). */
function uiTokenAmount(amount: bigint, decimals: number): Record<string, unknown> {
  const text = formatUnits(amount, decimals);
  return { amount: amount.toString(), decimals, uiAmount: Number(text), uiAmountString: text };
}

/**
 * The node's refusals for a mint it cannot read: no account at all, or an account of another program
 * (Agave: `Invalid param: could not find account` / `Invalid param: not a Token mint`).
 */
function mintSupply(ledger: TokenLedger, mint: string): { amount: bigint; decimals: number } {
  if (ledger.mintAccount(mint) === null) throw invalidParams('Invalid param: not a Token mint');
  const supply = ledger.supply(mint);
  if (supply === undefined) throw invalidParams('Invalid param: could not find account');
  return supply;
}

/** getTokenSupply(mint, { commitment }): the mint's supply as of the served slot (see TokenLedger.supply). */
export function getTokenSupplyMethod(ledger: () => Promise<TokenLedger>, servedSlot: () => number) {
  return async (params: readonly unknown[]): Promise<unknown> => {
    const mint = addressParam(params[0]);
    checkCommitment(configParam(params[1]), false);
    const supply = mintSupply(await ledger(), mint);
    return { context: { slot: servedSlot() }, value: uiTokenAmount(supply.amount, supply.decimals) };
  };
}

/** getTokenLargestAccounts(mint, { commitment }): the 20 largest token accounts, largest first. */
export function getTokenLargestAccountsMethod(ledger: () => Promise<TokenLedger>, servedSlot: () => number) {
  return async (params: readonly unknown[]): Promise<unknown> => {
    const mint = addressParam(params[0]);
    checkCommitment(configParam(params[1]), false);
    const l = await ledger();
    mintSupply(l, mint);
    const value = l
      .holdings(mint)
      .slice(0, LARGEST_ACCOUNTS_LIMIT)
      .map((h) => ({ address: h.address, ...uiTokenAmount(h.amount, h.decimals) }));
    return { context: { slot: servedSlot() }, value };
  };
}
