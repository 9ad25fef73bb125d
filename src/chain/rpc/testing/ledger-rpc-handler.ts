import { formatUnits } from '../../../domain/decimal.ts';
import { RpcErrorReply, type RpcHandler } from './json-rpc-test-server.ts';
import { mintState, tokenAccountState, type RecordedAccount } from './recorded-accounts.ts';
import type { ChainTx } from './recorded-chain.ts';

/** What one test node knows: the recorded chain up to its slot, plus recorded account bodies. */
export interface LedgerView {
  /** Oldest first. */
  readonly chain: readonly ChainTx[];
  /** The node's tip: it knows nothing newer (a lagging node has a lower one). */
  readonly slot: bigint;
  /** Recorded `getAccountInfo` results by address; token methods are answered from their bytes. */
  readonly accounts?: ReadonlyMap<string, RecordedAccount>;
  /** getHealth answer: null = "ok", else how many slots behind it says it is. */
  readonly slotsBehind?: number | null;
  /** Page quirks of real nodes, per getSignaturesForAddress call (see list-signatures.ts). */
  readonly pageQuirk?: (n: number) => 'short' | 'duplicate' | null;
}

/**
 * Answers the Solana methods from recorded data with the node's documented semantics: signatures newest →
 * oldest with `before`/`until` exclusive and `limit`, transactions as recorded, null for unknown ones.
 */
export function ledgerHandler(view: () => LedgerView): RpcHandler {
  let sfaCalls = 0;
  return (method, params) => {
    const v = view();
    const visible = v.chain.filter((t) => t.slot <= v.slot);
    const config = params.find((p) => typeof p === 'object' && p !== null) as
      | { minContextSlot?: number }
      | undefined;
    if (config?.minContextSlot !== undefined && BigInt(config.minContextSlot) > v.slot) {
      throw new RpcErrorReply(-32016, 'Minimum context slot has not been reached', { contextSlot: v.slot });
    }
    switch (method) {
      case 'getSlot':
        return v.slot;
      case 'getHealth':
        if (v.slotsBehind === undefined || v.slotsBehind === null) return 'ok';
        throw new RpcErrorReply(-32005, `Node is behind by ${v.slotsBehind} slots`, {
          numSlotsBehind: v.slotsBehind,
        });
      case 'getBlockTime': {
        const slot = BigInt(params[0] as number);
        const tx = visible.find((t) => t.slot === slot);
        if (tx === undefined) throw new RpcErrorReply(-32004, `Block not available for slot ${slot}`);
        return tx.blockTime;
      }
      case 'getTransaction': {
        const [signature, config] = params as [
          string,
          { encoding?: string; maxSupportedTransactionVersion?: number },
        ];
        const tx = visible.find((t) => t.signature === signature);
        if (tx === undefined || (config.encoding ?? 'json') !== tx.encoding) return null;
        if (tx.raw.version === 0 && config.maxSupportedTransactionVersion === undefined) {
          throw new RpcErrorReply(
            -32015,
            'Transaction version (0) is not supported by the requesting client.',
          );
        }
        return tx.raw;
      }
      case 'getAccountInfo': {
        const found = v.accounts?.get(params[0] as string);
        return found ?? { context: { slot: v.slot }, value: null };
      }
      case 'getTokenSupply': {
        const account = v.accounts?.get(params[0] as string);
        const mint = account === undefined ? null : mintState(account);
        if (account === undefined || mint === null)
          throw new RpcErrorReply(-32602, 'Invalid param: not a Token mint');
        return { context: { slot: v.slot }, value: uiTokenAmount(mint.supply, mint.decimals) };
      }
      case 'getTokenLargestAccounts': {
        const mintAddress = params[0] as string;
        const mintAccount = v.accounts?.get(mintAddress);
        const mint = mintAccount === undefined ? null : mintState(mintAccount);
        if (mint === null) throw new RpcErrorReply(-32602, 'Invalid param: not a Token mint');
        const holders = [...(v.accounts ?? new Map<string, RecordedAccount>()).entries()]
          .map(([address, a]) => ({ address, state: tokenAccountState(a) }))
          .filter((h) => h.state?.mint === mintAddress)
          .sort((a, b) => ((a.state?.amount ?? 0n) > (b.state?.amount ?? 0n) ? -1 : 1))
          .slice(0, 20)
          .map((h) => ({ address: h.address, ...uiTokenAmount(h.state?.amount ?? 0n, mint.decimals) }));
        return { context: { slot: v.slot }, value: holders };
      }
      case 'getSignaturesForAddress': {
        const [address, config] = params as [string, { before?: string; until?: string; limit?: number }];
        const history = visible.filter((t) => t.accounts.has(address)).reverse();
        let start = 0;
        if (config.before !== undefined) {
          const i = history.findIndex((t) => t.signature === config.before);
          if (i < 0) return [];
          start = i + 1;
        }
        const page: ChainTx[] = [];
        for (const t of history.slice(start)) {
          if (t.signature === config.until || page.length >= (config.limit ?? 1000)) break;
          page.push(t);
        }
        const quirk = v.pageQuirk?.(sfaCalls++) ?? null;
        const shaped =
          quirk === 'short' && page.length > 1 ? page.slice(0, Math.ceil(page.length / 2)) : page;
        const out = shaped.map((t) => ({
          signature: t.signature,
          slot: t.slot,
          err: t.err,
          memo: null,
          blockTime: t.blockTime,
          confirmationStatus: 'finalized',
        }));
        const first = out[0];
        return quirk === 'duplicate' && first !== undefined ? [first, ...out] : out;
      }
      default:
        throw new RpcErrorReply(-32601, 'Method not found');
    }
  };
}

/** UiTokenAmount as Agave writes it (uiAmount is a lossy f64 there too). */
function uiTokenAmount(amount: bigint, decimals: number): Record<string, unknown> {
  const text = formatUnits(amount, decimals);
  return { amount: amount.toString(), decimals, uiAmount: Number(text), uiAmountString: text };
}
