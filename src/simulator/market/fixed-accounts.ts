import type { AccountState } from '../chain/account-state.ts';
import { FIXED_LAMPORTS, PROGRAM, PUMPSWAP, RENT, WSOL_MINT } from '../chain/well-known.ts';

/** Programs, sysvars and protocol accounts exist before the simulated period, with their recorded lamports. */
export function seedFixedAccounts(state: AccountState): void {
  for (const [address, lamports] of FIXED_LAMPORTS) state.setLamports(address, lamports);
  const feeAccount = PUMPSWAP.protocolFeeRecipientTokenAccount;
  state.openTokenAccount(
    feeAccount,
    { mint: WSOL_MINT, owner: PUMPSWAP.protocolFeeRecipient, decimals: 9, programId: PROGRAM.token },
    state.lamports(feeAccount) - RENT.tokenAccount,
  );
}
