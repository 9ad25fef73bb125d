/**
 * A value movement read from one instruction (system or SPL token program, at any CPI depth).
 * Accounts are account addresses; the decoder maps token accounts to their owners later.
 */
export type Movement =
  | {
      readonly type: 'sol_transfer';
      readonly from: string;
      readonly to: string;
      readonly lamports: bigint;
      readonly ixIndex: number;
    }
  | {
      readonly type: 'create_account';
      readonly from: string;
      readonly newAccount: string;
      readonly lamports: bigint;
      readonly ixIndex: number;
    }
  | {
      readonly type: 'token_transfer';
      readonly source: string;
      readonly destination: string;
      /** Mint when the instruction names it (transferChecked); else resolved from token balances. */
      readonly mint: string | null;
      readonly amount: bigint;
      /** Token-2022 `TransferCheckedWithFee`: the fee the instruction declared as withheld. */
      readonly feeRaw: bigint | null;
      readonly tokenProgram: string;
      readonly ixIndex: number;
    }
  | {
      readonly type: 'token_mint';
      readonly mint: string;
      readonly destination: string;
      readonly amount: bigint;
      readonly ixIndex: number;
    }
  | {
      readonly type: 'token_burn';
      readonly mint: string;
      readonly account: string;
      readonly amount: bigint;
      readonly ixIndex: number;
    }
  | {
      /** System Allocate/Assign(WithSeed): the account gets space or an owner program — it is being created. */
      readonly type: 'account_allocate';
      readonly account: string;
      readonly ixIndex: number;
    }
  | {
      /** InitializeAccount(2/3): a token account set up inside this transaction (it may be closed again). */
      readonly type: 'token_account_init';
      readonly account: string;
      readonly mint: string;
      readonly owner: string;
      readonly ixIndex: number;
    }
  | {
      readonly type: 'close_account';
      readonly account: string;
      readonly destination: string;
      readonly ixIndex: number;
    };
