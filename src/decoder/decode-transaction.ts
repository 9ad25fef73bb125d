import { OofError } from '../core/errors/oof-error.ts';
import { DEFAULT_QUOTE_MINTS, SOL_DECIMALS, SOL_MINT, USD_STABLE_MINTS } from '../domain/mints.ts';
import { formatUnits, valueUsd } from '../domain/decimal.ts';
import type { Action, ProgramEvent } from './action.ts';
import { computeOwnerBalances, type OwnerDelta } from './balances/owner-balances.ts';
import { findClosedAccounts } from './classify/closed-accounts.ts';
import { isOnCurve, type DecodeContext } from './classify/decode-context.ts';
import { outgoing, type ActionDraft } from './classify/action-draft.ts';
import { ownerActions } from './classify/owner-actions.ts';
import { decodeProgramEvents } from './events/decode-program-events.ts';
import { readMovements } from './movements/read-movements.ts';
import { liquidityOp } from './programs/instruction-kinds.ts';
import { knownProgram, PROGRAM_IDS, programLabel } from './programs/program-registry.ts';
import { rpcTransactionSchema, type RpcTransaction } from './transaction/rpc-transaction.schema.ts';
import { normalizeTransaction, type NormalizedTransaction } from './transaction/normalized-transaction.ts';

export type { OwnerDelta };

/**
 * Bump when decoding output changes for the same input: stored rows record the version that made them and
 * `oof ingest --redecode` rebuilds older ones.
 */
export const DECODER_VERSION = 1;

export interface DecodeOptions {
  /** Quote assets (SPEC §2.2); SOL, USDC and USDT by default. */
  readonly quoteMints?: readonly string[];
  /** SOL/USD at a block time (decimal string), used to value SOL legs; without it SOL legs carry no USD. */
  readonly solUsdAt?: (unixSeconds: number) => string | null;
}

export interface DecodedTransaction {
  readonly tx: NormalizedTransaction;
  readonly actions: Action[];
  /** Wallets whose balances changed, plus the signers; sorted, unique. */
  readonly participants: string[];
  /** Per-owner balance changes (SOL net of the fee, WSOL merged), wallets only. */
  readonly deltas: OwnerDelta[];
  readonly decoderVersion: number;
}

/** Parse an untrusted `getTransaction` result once, at the edge. */
export function parseRpcTransaction(json: unknown): RpcTransaction {
  const parsed = rpcTransactionSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const where = first ? first.path.join('.') || '(root)' : '(root)';
  throw new OofError(
    'TX_SHAPE_INVALID',
    `Not a getTransaction result: ${where}: ${first?.message ?? 'unexpected shape'}. ` +
      'Pass the `result` of getTransaction (encoding json or jsonParsed, maxSupportedTransactionVersion 0).',
    { path: where },
  );
}

export function decodeTransaction(raw: RpcTransaction, options: DecodeOptions = {}): DecodedTransaction {
  const tx = normalizeTransaction(raw);
  const movements = readMovements(tx);
  const balances = computeOwnerBalances(tx, movements);

  const programIds: string[] = [];
  const liquidity: DecodeContext['liquidity'][number][] = [];
  for (const ix of tx.instructions) {
    if (!programIds.includes(ix.programId)) programIds.push(ix.programId);
    const op = liquidityOp(ix);
    if (op !== null)
      liquidity.push({ op, venue: programLabel(ix.programId), accounts: new Set(ix.accounts) });
  }
  const allocateIndex = new Map<string, number>();
  for (const m of movements) {
    if (m.type === 'account_allocate' && !allocateIndex.has(m.account))
      allocateIndex.set(m.account, m.ixIndex);
  }
  const allocatedAccounts = new Set(
    movements.flatMap((m) =>
      m.type === 'create_account' ? [m.newAccount] : m.type === 'account_allocate' ? [m.account] : [],
    ),
  );
  const nonInfra = programIds.filter((id) => knownProgram(id)?.role !== 'infra');
  const roleOf = (id: string): string => knownProgram(id)?.role ?? 'unknown';
  const venueId =
    nonInfra.find((id) => roleOf(id) === 'aggregator' || roleOf(id) === 'router') ??
    nonInfra.find((id) => roleOf(id) === 'amm' || roleOf(id) === 'launchpad');
  const hasUnknown = nonInfra.some((id) => roleOf(id) === 'unknown');

  const ctx: DecodeContext = {
    tx,
    balances,
    movements,
    hasTrading: venueId !== undefined || hasUnknown,
    hasStakePool: nonInfra.some((id) => roleOf(id) === 'stake' && id !== PROGRAM_IDS.stake),
    liquidity,
    allocatedAccounts,
    allocateIndex,
    closedAccounts: findClosedAccounts(tx, balances, movements),
    venueSides: new Map(),
    venue: venueId !== undefined ? programLabel(venueId) : hasUnknown ? 'unknown' : null,
    programs: nonInfra.map(programLabel),
    quoteMints: new Set(options.quoteMints ?? DEFAULT_QUOTE_MINTS),
    solUsdAt: options.solUsdAt,
  };

  const mints = new Set([...balances.tokenAccounts.values()].map((t) => t.mint));
  const signers = new Set(tx.signers);
  // Wallets: the fee payer; other signers unless they are a mint or an account this transaction creates (a new
  // mint keypair signs its own creation); owners on the ed25519 curve that are not token accounts, mints,
  // programs or accounts created here (new mints and program state are keypair accounts, on the curve too).
  const isWallet = (owner: string): boolean =>
    owner === tx.feePayer ||
    (signers.has(owner) && !mints.has(owner) && !allocatedAccounts.has(owner)) ||
    (!balances.tokenAccounts.has(owner) &&
      !mints.has(owner) &&
      !allocatedAccounts.has(owner) &&
      !programIds.includes(owner) &&
      isOnCurve(owner));
  const deltas = balances.deltas.filter((d) => isWallet(d.owner));

  const owners = orderOwners(tx, deltas);
  const drafts: ActionDraft[] = [];
  // The network fee: always charged, even when the transaction failed; no counterparty.
  if (tx.feeLamports > 0n) drafts.push(outgoing('fee', tx.feePayer, SOL_MINT, tx.feeLamports, SOL_DECIMALS));
  for (const owner of owners) drafts.push(...ownerActions(ctx, owner));

  const events = tx.failed ? [] : decodeProgramEvents(tx);
  const actions: Action[] = drafts.map((d, index) => toAction(ctx, d, index));
  events.forEach((event, i) => actions.push(eventAction(ctx, event, drafts.length + i)));

  const participants = [...new Set([...tx.signers, ...deltas.map((d) => d.owner)])].sort();
  return { tx, actions, participants, deltas, decoderVersion: DECODER_VERSION };
}

/** Fee payer, then the other signers in signing order, then the remaining wallets by address. */
function orderOwners(tx: NormalizedTransaction, deltas: readonly OwnerDelta[]): string[] {
  const withChanges = new Set(deltas.map((d) => d.owner));
  const ordered = tx.signers.filter((s) => withChanges.has(s));
  const rest = [...withChanges].filter((o) => !ordered.includes(o)).sort();
  return [...ordered, ...rest];
}

function usdOf(
  ctx: DecodeContext,
  mint: string | null,
  amount: bigint | null,
  decimals: number | null,
): string | null {
  if (mint === null || amount === null || decimals === null || !ctx.quoteMints.has(mint)) return null;
  if (USD_STABLE_MINTS.has(mint)) return formatUnits(amount, decimals);
  if (mint === SOL_MINT && ctx.solUsdAt !== undefined && ctx.tx.blockTime !== null) {
    const px = ctx.solUsdAt(ctx.tx.blockTime);
    return px === null ? null : valueUsd(amount, decimals, px);
  }
  return null;
}

function toAction(ctx: DecodeContext, d: ActionDraft, index: number): Action {
  const priced = d.kind === 'swap';
  return {
    signature: ctx.tx.signature,
    index,
    slot: ctx.tx.slot,
    blockTime: ctx.tx.blockTime,
    ...d,
    programs: ctx.programs,
    usdIn: priced ? usdOf(ctx, d.mintIn, d.amountIn, d.decimalsIn) : null,
    usdOut: priced ? usdOf(ctx, d.mintOut, d.amountOut, d.decimalsOut) : null,
    event: null,
  };
}

function eventAction(ctx: DecodeContext, event: ProgramEvent, index: number): Action {
  const user = event.data.user ?? event.data.creator ?? null;
  return {
    signature: ctx.tx.signature,
    index,
    slot: ctx.tx.slot,
    blockTime: ctx.tx.blockTime,
    kind: 'event',
    owner: typeof user === 'string' ? user : null,
    mintIn: null,
    amountIn: null,
    decimalsIn: null,
    mintOut: null,
    amountOut: null,
    decimalsOut: null,
    venue: event.program,
    programs: ctx.programs,
    side: null,
    counterparty: null,
    usdIn: null,
    usdOut: null,
    transferFeeRaw: null,
    event,
  };
}
