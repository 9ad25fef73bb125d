import type { TransactionBuilder } from '../chain/transaction-builder.ts';

/** pump.fun error codes (IDL `errors`, unchanged from 2024 through April 2025). */
export const PUMP_ERRORS = {
  TooMuchSolRequired: {
    code: 6002,
    msg: 'slippage: Too much SOL required to buy the given amount of tokens.',
  },
  TooLittleSolReceived: {
    code: 6003,
    msg: 'slippage: Too little SOL received to sell the given amount of tokens.',
  },
  BondingCurveComplete: {
    code: 6005,
    msg: 'The bonding curve has completed and liquidity migrated to raydium.',
  },
} as const;

/** PumpSwap error codes (pump_amm IDL). */
export const PUMPSWAP_ERRORS = {
  ExceededSlippage: { code: 6004, msg: 'Exceeded slippage' },
} as const;

/**
 * Ends the running instruction the way Anchor's `require!` does: one `AnchorError thrown in …` log line (Anchor
 * appends '.' after the message, hence the double period seen on mainnet), then the custom program error.
 */
export function anchorFail(
  tx: TransactionBuilder,
  source: string,
  name: string,
  error: { readonly code: number; readonly msg: string },
): never {
  tx.log(
    `AnchorError thrown in ${source}. Error Code: ${name}. Error Number: ${error.code}. Error Message: ${error.msg}.`,
  );
  return tx.fail(error.code, error.msg);
}
