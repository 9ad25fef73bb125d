import { z } from 'zod';
import { u64 } from './u64.ts';

/**
 * A UiTokenAmount as the node writes it. `amount` (base units, a decimal string) is the truth; the float
 * `uiAmount` is dropped on purpose — money is never a JS number here (SPEC §1).
 */
export interface TokenAmount {
  readonly amount: bigint;
  readonly decimals: number;
  readonly uiAmountString: string;
}

export const tokenAmountFields = {
  amount: u64,
  decimals: z.number().int().min(0).max(255),
  uiAmountString: z.string(),
};

export const tokenAmountSchema = z
  .looseObject(tokenAmountFields)
  .transform(
    (t): TokenAmount => ({ amount: t.amount, decimals: t.decimals, uiAmountString: t.uiAmountString }),
  );
