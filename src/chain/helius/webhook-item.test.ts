import { getBase58Decoder } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import { decodeEnhancedTransaction } from './map-enhanced-transaction.ts';
import { loadEnhancedPayloads, loadRawWebhookPayload } from './testing/helius-payloads.fixture.ts';
import { parseWebhookBody } from './webhook-item.ts';

const enhanced = loadEnhancedPayloads();
const raw = loadRawWebhookPayload();

describe('parseWebhookBody', () => {
  it('tells enhanced from raw items and keeps the first copy of a repeated signature', () => {
    const body = JSON.stringify([enhanced[0]!.json, raw.json, enhanced[0]!.json]);
    const { items, repeated } = parseWebhookBody(body);
    expect(items.map((i) => [i.kind, i.signature])).toEqual([
      ['enhanced', enhanced[0]!.signature],
      ['raw', raw.signature],
    ]);
    expect(repeated).toBe(1);
  });

  it('keeps lamports above 2^53 exact (JSON.parse would round them)', () => {
    // A recorded transfer with its amounts scaled past 2^53 (an exchange-sized move), written as JSON text:
    // the balance changes and the transfer itself, so the transaction stays consistent.
    const tx = enhanced.find((p) => p.json.type === 'TRANSFER' && p.json.source === 'SYSTEM_PROGRAM')!;
    const big = 9_007_199_254_740_993n; // 2^53 + 1
    const text = JSON.stringify([tx.json])
      .replace(
        /"nativeBalanceChange":(-?)[1-9]\d*/g,
        (_m, sign: string) => `"nativeBalanceChange":${sign}${big}`,
      )
      .replace(/("nativeTransfers":\[\{"amount":)\d+/, (_m, head: string) => `${head}${big}`)
      .replace('"data":"3Bxs3zw4iv5w7iHD"', `"data":"${systemTransferData(big)}"`)
      .replace(/"fee":\d+/, '"fee":0');
    const [item] = parseWebhookBody(text).items;
    if (item?.kind !== 'enhanced') throw new Error('expected an enhanced item');
    const changes = item.transaction.accountData.map((a) => a.nativeBalanceChange).filter((c) => c !== 0);
    expect(changes).toEqual(expect.arrayContaining([big, -big]));
    const transfers = decodeEnhancedTransaction(item.transaction).actions.filter((a) => a.kind !== 'fee');
    expect(transfers.map((a) => a.amountIn ?? a.amountOut)).toEqual([big, big]);
  });
});

/** System Program `Transfer` instruction data (tag 2, u64 LE lamports), base58 as the payload carries it. */
function systemTransferData(lamports: bigint): string {
  const bytes = new Uint8Array(12);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 2, true);
  view.setBigUint64(4, lamports, true);
  return getBase58Decoder().decode(bytes);
}
