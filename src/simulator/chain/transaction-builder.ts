import { OofError } from '../../core/errors/oof-error.ts';
import type { AccountMeta } from './account-meta.ts';
import type { AccountState, TokenAccount } from './account-state.ts';
import { InstructionFailure } from './instruction-failure.ts';
import { BUILTIN_PROGRAMS } from './well-known.ts';

/** What a key looked like before the transaction (the node's preBalances / preTokenBalances). */
export interface KeyRecord {
  signer: boolean;
  writable: boolean;
  readonly preLamports: bigint;
  readonly preToken: Readonly<TokenAccount> | null;
}

export interface RecordedInstruction {
  readonly programId: string;
  readonly accounts: readonly string[];
  readonly data: Uint8Array;
  /** Null for an outer instruction (the node writes `stackHeight: null` there), else the invoke depth. */
  readonly stackHeight: number | null;
}

export interface FailureRecord {
  readonly outerIndex: number;
  readonly code: number;
}

const CPI_BUILTIN_COST = 150;

/**
 * Executes simulated instructions against the account state and records what a node records: the account
 * keys with their privileges, each outer instruction and its inner instructions (with stack height), the log
 * lines (`invoke [n]`, `Program log:`, `Program data:`, `consumed X of Y compute units`, `success`/`failed`),
 * compute units, and pre-balances captured when an account is first named. Programs are plain functions that
 * call `invoke` with a body; the body changes state only through accounts named by its own or an enclosing
 * instruction, so every changed account has a pre-balance.
 */
export class TransactionBuilder {
  readonly keys = new Map<string, KeyRecord>();
  readonly outer: RecordedInstruction[] = [];
  readonly inner: RecordedInstruction[][] = [];
  readonly logs: string[] = [];
  failure: FailureRecord | null = null;
  computeUnitLimit = 0;
  computeUnitPriceMicroLamports = 0n;
  private depth = 0;
  private remaining = 0;
  private consumedTotal = 0;
  private explicitLimit = false;

  constructor(
    readonly state: AccountState,
    readonly feePayer: string,
  ) {
    state.begin();
    this.use({ address: feePayer, writable: true, signer: true });
  }

  /** Sets the budget a ComputeBudget `SetComputeUnitLimit` asked for (else 200k per outer instruction). */
  setComputeUnitLimit(units: number): void {
    this.computeUnitLimit = units;
    this.remaining = units - this.consumedTotal;
    this.explicitLimit = true;
  }

  get computeUnitsConsumed(): number {
    return this.consumedTotal;
  }

  get depthNow(): number {
    return this.depth;
  }

  /** Adds a key (or raises its privileges) and captures its pre-state the first time it is named. */
  use(meta: AccountMeta): void {
    const known = this.keys.get(meta.address);
    if (known !== undefined) {
      known.signer ||= meta.signer;
      known.writable ||= meta.writable;
      return;
    }
    const token = this.state.token(meta.address);
    this.keys.set(meta.address, {
      signer: meta.signer,
      writable: meta.writable,
      preLamports: this.state.lamports(meta.address),
      preToken: token === undefined ? null : { ...token },
    });
  }

  /**
   * Runs one instruction: outer when called at top level, else a CPI of the running program. After a failure
   * every further outer instruction is skipped, as the runtime stops at the first failing one.
   */
  invoke(programId: string, accounts: readonly AccountMeta[], data: Uint8Array, body?: () => void): void {
    if (this.failure !== null && this.depth === 0) return;
    this.use({ address: programId, writable: false, signer: false });
    // A CPI cannot add signers to the message: accounts it marks as signers are PDAs the program signs for.
    for (const a of accounts) this.use(this.depth === 0 ? a : { ...a, signer: false });
    const record: RecordedInstruction = {
      programId,
      accounts: accounts.map((a) => a.address),
      data,
      stackHeight: this.depth === 0 ? null : this.depth + 1,
    };
    if (this.depth === 0) {
      this.outer.push(record);
      this.inner.push([]);
      if (!this.explicitLimit) this.remaining += 200_000;
    } else {
      this.inner[this.inner.length - 1]?.push(record);
    }
    this.depth += 1;
    this.logs.push(`Program ${programId} invoke [${this.depth}]`);
    const builtin = BUILTIN_PROGRAMS.has(programId);
    const startRemaining = this.remaining;
    if (builtin) this.consume(CPI_BUILTIN_COST);
    try {
      body?.();
    } catch (e) {
      if (!(e instanceof InstructionFailure)) throw e;
      if (!builtin) {
        this.logs.push(
          `Program ${programId} consumed ${startRemaining - this.remaining} of ${startRemaining} compute units`,
        );
      }
      this.logs.push(`Program ${programId} failed: custom program error: 0x${e.code.toString(16)}`);
      this.depth -= 1;
      if (this.depth > 0) throw e;
      this.failure = { outerIndex: this.outer.length - 1, code: e.code };
      return;
    }
    if (!builtin) {
      this.logs.push(
        `Program ${programId} consumed ${startRemaining - this.remaining} of ${startRemaining} compute units`,
      );
    }
    this.logs.push(`Program ${programId} success`);
    this.depth -= 1;
  }

  /** Compute units the running program spends itself (its CPIs add their own). */
  consume(units: number): void {
    this.remaining -= units;
    this.consumedTotal += units;
    if (this.remaining < 0) {
      throw new OofError('INVARIANT_BROKEN', `Simulated transaction exceeded its compute budget`, {
        limit: this.computeUnitLimit,
      });
    }
  }

  log(message: string): void {
    this.logs.push(`Program log: ${message}`);
  }

  /** `sol_log_data` with one slice: Anchor's `emit!`. */
  logData(bytes: Uint8Array): void {
    this.logs.push(`Program data: ${Buffer.from(bytes).toString('base64')}`);
  }

  /** `Program return:` as the runtime logs `set_return_data`. */
  logReturn(programId: string, bytes: Uint8Array): void {
    this.logs.push(`Program return: ${programId} ${Buffer.from(bytes).toString('base64')}`);
  }

  fail(code: number, message: string): never {
    throw new InstructionFailure(code, message);
  }
}
