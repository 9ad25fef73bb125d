/**
 * Live execution through Jupiter (SPEC §4): quote (exact input: SOL for a buy, the tokens for a sell) → swap
 * transaction for our key → signed with @solana/kit → its signature handed to the caller to store → sent through
 * the project's RPC client → looked up on later rounds (`getSignatureStatuses`) and, once confirmed, the fill read
 * from the landed transaction's balances (what really moved, not what the quote said).
 *
 * Never twice: a request that carries a signature is only looked up; a signature not landed is given up only
 * after its blockhash must have expired (`expiryMs`, 90 s from when this process first saw it), and then the
 * order is rejected and decided again (a new order id). 429 storms: every 429 / 5xx / unreachable answer
 * doubles a process-wide backoff (from `backoffBaseMs` up to `backoffMaxMs`, or the server's Retry-After), during
 * which no request goes out; a success resets it.
 */
import {
  createKeyPairFromBytes,
  getAddressFromPublicKey,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  getTransactionDecoder,
  signTransaction,
} from '@solana/kit';
import type { RpcTransport } from '../../chain/rpc/rpc-transport.ts';
import { SOL_MINT } from '../../domain/mints.ts';
import type { LiveExecutor, LiveSwapRequest, LiveSwapResult, RateLimitUse } from '../engine/live-executor.ts';
import type { Fill } from '../positions/fill.ts';
import { ceilDiv, valueCeil, valueFloor } from '../positions/usd-grid.ts';
import { formatFixed, parseFixed } from '../strategy/fixed-point.ts';
import type { JupiterSwapApi } from './jupiter-swap-api.ts';
import { LiveTradingError } from './live-error.ts';
import { landedAmounts } from './landed-amounts.ts';

export interface JupiterExecutorDeps {
  readonly api: JupiterSwapApi;
  /** The project's RPC client transport (sendTransaction, getSignatureStatuses, getTransaction). */
  readonly transport: RpcTransport;
  /** The 64-byte trading keypair, decrypted on demand (throws the key errors: missing, cannot decrypt). */
  readonly secretKey: () => Promise<Uint8Array>;
  readonly nowMs: () => number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  readonly expiryMs?: number;
}

const MINUTE_MS = 60_000;
const SOL_DECIMALS = 9;
const BPS = 10_000n;

interface StatusValue {
  readonly err: unknown;
  readonly confirmationStatus: string | null;
}

export function createJupiterLiveExecutor(deps: JupiterExecutorDeps): LiveExecutor {
  const base = deps.backoffBaseMs ?? 1_000;
  const max = deps.backoffMaxMs ?? 60_000;
  const expiry = deps.expiryMs ?? 90_000;
  const requests: number[] = [];
  const limited: number[] = [];
  const firstSeen = new Map<string, number>();
  let failures = 0;
  let backoffUntil: number | null = null;

  const prune = (xs: number[], now: number): void => {
    while (xs.length > 0 && xs[0]! <= now - MINUTE_MS) xs.shift();
  };
  const onUnavailable = (e: LiveTradingError, now: number): LiveSwapResult => {
    failures += 1;
    if (e.context.httpStatus === 429) limited.push(now);
    const server = e.context.retryAfterMs;
    const wait = typeof server === 'number' ? server : Math.min(max, base * 2 ** (failures - 1));
    backoffUntil = now + wait;
    return { kind: 'retry', reason: e.message, retryAfterMs: wait };
  };

  const lookUp = async (
    req: LiveSwapRequest,
    signature: string,
    owner: string | null,
  ): Promise<LiveSwapResult> => {
    const now = deps.nowMs();
    const seen = firstSeen.get(signature) ?? now;
    firstSeen.set(signature, seen);
    let status: StatusValue | null;
    try {
      status = await deps.transport({
        method: 'getSignatureStatuses',
        params: [[signature], { searchTransactionHistory: true }],
        parse: (r) => ((r as { value?: (StatusValue | null)[] }).value ?? [])[0] ?? null,
      });
    } catch {
      // The node could not say: ask again later, never send again.
      return { kind: 'pending', signature };
    }
    if (status === null) {
      if (now - seen < expiry) return { kind: 'pending', signature };
      firstSeen.delete(signature);
      return { kind: 'rejected', reason: `swap ${signature} did not land before its blockhash expired` };
    }
    if (status.err !== null && status.err !== undefined) {
      firstSeen.delete(signature);
      return { kind: 'rejected', reason: `swap ${signature} failed on chain: ${JSON.stringify(status.err)}` };
    }
    if (status.confirmationStatus !== 'confirmed' && status.confirmationStatus !== 'finalized') {
      return { kind: 'pending', signature };
    }
    const tx = await deps.transport({
      method: 'getTransaction',
      params: [signature, { encoding: 'json', maxSupportedTransactionVersion: 0, commitment: 'confirmed' }],
      parse: (r) => r,
    });
    const who = owner ?? (await ownerAddress());
    const moved = landedAmounts(tx, who, req.mint);
    firstSeen.delete(signature);
    return { kind: 'filled', signature, fill: fillOf(req, moved, now) };
  };

  const ownerAddress = async (): Promise<string> => {
    const pair = await createKeyPairFromBytes(await deps.secretKey());
    return getAddressFromPublicKey(pair.publicKey);
  };

  return {
    rateLimit(): RateLimitUse {
      const now = deps.nowMs();
      prune(requests, now);
      prune(limited, now);
      return {
        requestsLastMinute: requests.length,
        rateLimitedLastMinute: limited.length,
        backoffUntilMs: backoffUntil !== null && backoffUntil > now ? backoffUntil : null,
      };
    },
    async execute(req) {
      if (req.previousSignature !== null) return lookUp(req, req.previousSignature, null);
      const now = deps.nowMs();
      if (backoffUntil !== null && now < backoffUntil) {
        return { kind: 'retry', reason: 'Jupiter rate limit: backing off', retryAfterMs: backoffUntil - now };
      }
      // Key errors (missing, undecryptable) propagate: the order fails with their message.
      const pair = await createKeyPairFromBytes(await deps.secretKey());
      const owner = await getAddressFromPublicKey(pair.publicKey);
      const buy = req.side === 'buy';
      const quotePrice = parseFixed(req.quotePriceUsd);
      const solPrice = parseFixed(req.solPriceUsd);
      // A buy spends the SOL worth the wanted tokens at the decision's quote (rounded up to a lamport).
      const amount = buy
        ? ceilDiv(
            req.qtyRaw * quotePrice * 10n ** BigInt(SOL_DECIMALS),
            solPrice * 10n ** BigInt(req.decimals),
          )
        : req.qtyRaw;
      try {
        requests.push(now);
        const q = await deps.api.quote({
          inputMint: buy ? SOL_MINT : req.mint,
          outputMint: buy ? req.mint : SOL_MINT,
          amount,
          slippageBps: req.maxSlippageBps,
        });
        if (q.kind === 'no_route') return { kind: 'rejected', reason: `Jupiter has no route: ${q.message}` };
        const worse = quoteWorseBps(req, q.quote.inAmount, q.quote.outAmount);
        if (worse > BigInt(req.maxSlippageBps)) {
          return {
            kind: 'rejected',
            reason: `Jupiter's quote is ${worse} bps worse than the decision's price (tolerance ${req.maxSlippageBps} bps)`,
          };
        }
        requests.push(deps.nowMs());
        const swap = await deps.api.swapTransaction(q.quote, owner);
        failures = 0;
        backoffUntil = null;
        const unsigned = getTransactionDecoder().decode(Buffer.from(swap.transaction, 'base64'));
        const signed = await signTransaction([pair], unsigned);
        const signature = getSignatureFromTransaction(signed);
        await req.recordSignature(signature);
        firstSeen.set(signature, deps.nowMs());
        try {
          await deps.transport({
            method: 'sendTransaction',
            params: [
              getBase64EncodedWireTransaction(signed),
              { encoding: 'base64', skipPreflight: true, maxRetries: 2 },
            ],
            parse: (r) => {
              if (typeof r !== 'string') throw new Error('sendTransaction did not answer a signature');
              return r;
            },
          });
        } catch {
          // Unknown whether it went out: the signature is stored, the next round looks it up.
        }
        return { kind: 'pending', signature };
      } catch (e) {
        if (e instanceof LiveTradingError && e.code === 'JUPITER_UNAVAILABLE')
          return onUnavailable(e, deps.nowMs());
        throw e;
      }
    },
  };
}

/** How much worse (bps, ≥ 0) the quote's implied price is than the decision's, in SOL terms. */
function quoteWorseBps(req: LiveSwapRequest, inAmount: bigint, outAmount: bigint): bigint {
  const price = parseFixed(req.quotePriceUsd);
  const sol = parseFixed(req.solPriceUsd);
  // Value of both legs in USD on the grid: tokens at the decision's price, lamports at the SOL price.
  const tokens = req.side === 'buy' ? outAmount : inAmount;
  const lamports = req.side === 'buy' ? inAmount : outAmount;
  const tokenUsd = valueFloor(tokens, price, req.decimals);
  const solUsd = valueFloor(lamports, sol, SOL_DECIMALS);
  if (tokenUsd === 0n || solUsd === 0n) return BPS;
  // Buy: paying solUsd for tokenUsd; sell: receiving solUsd for tokenUsd.
  const worse = req.side === 'buy' ? solUsd - tokenUsd : tokenUsd - solUsd;
  return worse <= 0n ? 0n : (worse * BPS) / tokenUsd;
}

/** The fill of a landed swap: exact amounts from the balances, valued at the SOL price, rounded against us. */
function fillOf(
  req: LiveSwapRequest,
  moved: { tokensRaw: bigint; lamports: bigint; feeLamports: bigint },
  atMs: number,
): Fill {
  const buy = req.side === 'buy';
  const sol = parseFixed(req.solPriceUsd);
  const tokens = moved.tokensRaw;
  if (tokens <= 0n) {
    throw new LiveTradingError('JUPITER_RESPONSE_INVALID', 'the landed swap moved no tokens of the position');
  }
  const notional = buy
    ? valueCeil(moved.lamports, sol, SOL_DECIMALS)
    : valueFloor(moved.lamports, sol, SOL_DECIMALS);
  const scale = 10n ** BigInt(req.decimals);
  const price = buy ? ceilDiv(notional * scale, tokens) : (notional * scale) / tokens;
  const quote = parseFixed(req.quotePriceUsd);
  const networkFee = valueCeil(moved.feeLamports, sol, SOL_DECIMALS);
  const diff = buy ? price - quote : quote - price;
  return {
    side: req.side,
    source: 'live',
    qtyRaw: tokens,
    quotePriceUsd: req.quotePriceUsd,
    priceUsd: formatFixed(price),
    notionalUsd: formatFixed(notional),
    swapFeeUsd: '0',
    networkFeeUsd: formatFixed(networkFee),
    feesUsd: formatFixed(networkFee),
    slippageUsd: formatFixed(diff > 0n ? valueFloor(tokens, diff, req.decimals) : 0n),
    atMs,
  };
}
