import { OofError } from '../../core/errors/oof-error.ts';

/** An SPL token account as the token program stores it (the fields getTransaction's token balances show). */
export interface TokenAccount {
  readonly mint: string;
  readonly owner: string;
  readonly decimals: number;
  /** SPL Token or Token-2022. */
  readonly programId: string;
  amount: bigint;
}

/**
 * The chain state the simulated programs act on: lamports of every account and the token accounts. Every
 * change goes through here so pre/post balances are read, never computed beside the state. A journal lets
 * a failed transaction undo what its instructions did before the failure (the runtime rolls back everything
 * except the fee).
 */
export class AccountState {
  private readonly lamportsOf = new Map<string, bigint>();
  private readonly tokens = new Map<string, TokenAccount>();
  private journal: (() => void)[] | null = null;

  lamports(address: string): bigint {
    return this.lamportsOf.get(address) ?? 0n;
  }

  token(address: string): TokenAccount | undefined {
    return this.tokens.get(address);
  }

  exists(address: string): boolean {
    return this.lamportsOf.has(address);
  }

  setLamports(address: string, value: bigint): void {
    if (value < 0n) {
      throw new OofError('INVARIANT_BROKEN', `Simulated account ${address} would go below 0 lamports`, {
        address,
        value: value.toString(),
      });
    }
    const had = this.lamportsOf.has(address);
    const prev = this.lamportsOf.get(address) ?? 0n;
    this.record(() => {
      if (had) this.lamportsOf.set(address, prev);
      else this.lamportsOf.delete(address);
    });
    if (value === 0n) this.lamportsOf.delete(address);
    else this.lamportsOf.set(address, value);
  }

  /** Moves lamports (a system transfer, or a program debiting an account it owns). */
  moveLamports(from: string, to: string, amount: bigint): void {
    if (amount === 0n) return;
    this.setLamports(from, this.lamports(from) - amount);
    this.setLamports(to, this.lamports(to) + amount);
  }

  openTokenAccount(address: string, account: Omit<TokenAccount, 'amount'>, amount = 0n): void {
    const prev = this.tokens.get(address);
    this.record(() => {
      if (prev === undefined) this.tokens.delete(address);
      else this.tokens.set(address, prev);
    });
    this.tokens.set(address, { ...account, amount });
  }

  /** Removes the token account record (CloseAccount; its lamports are moved separately). */
  closeTokenAccount(address: string): void {
    const prev = this.tokens.get(address);
    if (prev === undefined) return;
    this.record(() => this.tokens.set(address, prev));
    this.tokens.delete(address);
  }

  setTokenAmount(address: string, amount: bigint): void {
    const account = this.tokens.get(address);
    if (account === undefined || amount < 0n) {
      throw new OofError('INVARIANT_BROKEN', `Simulated token account ${address} cannot hold ${amount}`, {
        address,
      });
    }
    const prev = account.amount;
    this.record(() => {
      account.amount = prev;
    });
    account.amount = amount;
  }

  moveTokens(from: string, to: string, amount: bigint): void {
    this.setTokenAmount(from, this.requireToken(from).amount - amount);
    this.setTokenAmount(to, this.requireToken(to).amount + amount);
  }

  requireToken(address: string): TokenAccount {
    const account = this.tokens.get(address);
    if (account === undefined) {
      throw new OofError('INVARIANT_BROKEN', `Simulated token account ${address} does not exist`, {
        address,
      });
    }
    return account;
  }

  /** Starts recording changes so `rollback` can undo them; `commit` forgets them. */
  begin(): void {
    this.journal = [];
  }

  commit(): void {
    this.journal = null;
  }

  rollback(): void {
    const undo = this.journal ?? [];
    this.journal = null;
    for (let i = undo.length - 1; i >= 0; i -= 1) undo[i]?.();
  }

  private record(undo: () => void): void {
    this.journal?.push(undo);
  }
}
