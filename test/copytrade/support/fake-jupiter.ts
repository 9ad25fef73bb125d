/**
 * A local Jupiter Swap API (`/swap/v1/quote`, `/swap/v1/swap`) and a Solana RPC transport for the live-mode
 * tests. ../shared/data holds no recorded quote or swap response (only the Price API v3 and Tokens API specs of
 * jup-docs-openapi), so the bodies follow Jupiter's documented response fields (inAmount, outAmount,
 * otherAmountThreshold, swapMode, slippageBps, priceImpactPct, routePlan; swapTransaction,
 * lastValidBlockHeight); the swap transaction is a real v0 wire transaction compiled with @solana/kit, so
 * decoding and signing it is the real code path. `rateLimitNext` makes the next N answers HTTP 429.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  address,
  appendTransactionMessageInstruction,
  blockhash,
  compileTransaction,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
} from '@solana/kit';
import type { RpcCall, RpcTransport } from '../../../src/chain/rpc/rpc-transport.ts';
import { SOL_MINT } from '../../../src/domain/mints.ts';

/** A fresh 64-byte Solana keypair (ed25519 seed then public key) and its address bytes. */
export function newKeypairBytes(): Uint8Array {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32);
  const pub = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return new Uint8Array(Buffer.concat([seed, pub]));
}

function unsignedSwapTransaction(feePayer: string): string {
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayer(address(feePayer), m),
    (m) =>
      setTransactionMessageLifetimeUsingBlockhash(
        {
          blockhash: blockhash('EkSnNWid2cvwEVnVx9aBqawnmiCNiDgp3gUdkDPTKN1N'),
          lastValidBlockHeight: 300_000_100n,
        },
        m,
      ),
    (m) =>
      appendTransactionMessageInstruction(
        {
          programAddress: address('JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4'),
          data: new Uint8Array([1, 2, 3]),
        },
        m,
      ),
  );
  return getBase64EncodedWireTransaction(compileTransaction(message));
}

export interface FakeJupiter {
  readonly url: string;
  readonly counts: { quote: number; swap: number; limited: number };
  /** The next `n` requests answer 429 (with `retryAfterS` when set). */
  rateLimitNext(n: number, retryAfterS?: number): void;
  /** Token base units per lamport the quotes use (`outAmount = inAmount × rate` for buys, `/` for sells). */
  setRate(tokensPerLamport: bigint): void;
  close(): Promise<void>;
}

export async function startFakeJupiter(): Promise<FakeJupiter> {
  const counts = { quote: 0, swap: 0, limited: 0 };
  let limitNext = 0;
  let retryAfter: number | undefined;
  let rate = 1n;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (limitNext > 0) {
      limitNext -= 1;
      counts.limited += 1;
      send(
        429,
        { error: 'Too Many Requests' },
        retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
      );
      return;
    }
    if (url.pathname === '/swap/v1/quote') {
      counts.quote += 1;
      const inputMint = url.searchParams.get('inputMint') ?? '';
      const outputMint = url.searchParams.get('outputMint') ?? '';
      const amount = BigInt(url.searchParams.get('amount') ?? '0');
      const out = inputMint === SOL_MINT ? amount * rate : amount / rate;
      send(200, {
        inputMint,
        inAmount: amount.toString(),
        outputMint,
        outAmount: out.toString(),
        otherAmountThreshold: ((out * 9_900n) / 10_000n).toString(),
        swapMode: 'ExactIn',
        slippageBps: Number(url.searchParams.get('slippageBps') ?? '50'),
        platformFee: null,
        priceImpactPct: '0.0012',
        routePlan: [
          {
            swapInfo: {
              ammKey: 'pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA',
              label: 'Pump.fun Amm',
              inputMint,
              outputMint,
            },
            percent: 100,
          },
        ],
        contextSlot: 300_000_000,
        timeTaken: 0.01,
      });
      return;
    }
    if (url.pathname === '/swap/v1/swap' && req.method === 'POST') {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        counts.swap += 1;
        const body = JSON.parse(text) as { userPublicKey: string };
        send(200, {
          swapTransaction: unsignedSwapTransaction(body.userPublicKey),
          lastValidBlockHeight: 300_000_100,
          prioritizationFeeLamports: 100_000,
        });
      });
      return;
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    rateLimitNext(n, s) {
      limitNext = n;
      retryAfter = s;
    },
    setRate(r) {
      rate = r;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The chain side: `sendTransaction` records the wire transaction (and can be made to fail after receiving it),
 * `getSignatureStatuses` confirms what was sent, `getTransaction` answers the balances the swap moved.
 */
export function fakeChain(owner: () => string) {
  const sent: string[] = [];
  const swaps = new Map<string, { mint: string; tokensDelta: bigint; lamportsDelta: bigint }>();
  const state = {
    failSendAfterReceipt: false,
    pendingSwap: null as null | { mint: string; tokensDelta: bigint; lamportsDelta: bigint },
  };
  const transport: RpcTransport = <T>(call: RpcCall<T>): Promise<T> => {
    const answer = (r: unknown): Promise<T> => Promise.resolve(call.parse(r));
    switch (call.method) {
      case 'sendTransaction': {
        const wire = call.params[0] as string;
        sent.push(wire);
        const sig = signatureOf(wire);
        if (state.pendingSwap !== null) swaps.set(sig, state.pendingSwap);
        if (state.failSendAfterReceipt) return Promise.reject(new Error('socket hang up'));
        return answer(sig);
      }
      case 'getSignatureStatuses': {
        const sig = (call.params[0] as string[])[0]!;
        return answer({
          context: { slot: 1 },
          value: [
            swaps.has(sig)
              ? { slot: 1, confirmations: null, err: null, confirmationStatus: 'confirmed' }
              : null,
          ],
        });
      }
      case 'getTransaction': {
        const sig = call.params[0] as string;
        const s = swaps.get(sig);
        if (s === undefined) return answer(null);
        const pre = 10_000_000_000n;
        const fee = 105_000n;
        const tokenPre = s.tokensDelta > 0n ? 0n : -s.tokensDelta;
        return answer({
          slot: 1,
          meta: {
            err: null,
            fee: Number(fee),
            preBalances: [Number(pre)],
            postBalances: [Number(pre + s.lamportsDelta - fee)],
            preTokenBalances: [
              {
                accountIndex: 1,
                mint: s.mint,
                owner: owner(),
                uiTokenAmount: { amount: tokenPre.toString() },
              },
            ],
            postTokenBalances: [
              {
                accountIndex: 1,
                mint: s.mint,
                owner: owner(),
                uiTokenAmount: { amount: (tokenPre + s.tokensDelta).toString() },
              },
            ],
          },
        });
      }
      default:
        return Promise.reject(new Error(`unexpected RPC ${call.method}`));
    }
  };
  return { transport, sent, state };
}

/** The first signature of a base64 wire transaction, base58 (what sendTransaction answers). */
function signatureOf(wire: string): string {
  const bytes = Buffer.from(wire, 'base64');
  return base58(bytes.subarray(1, 65));
}

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58(bytes: Uint8Array): string {
  let n = BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)]! + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = `1${out}`;
  }
  return out;
}
