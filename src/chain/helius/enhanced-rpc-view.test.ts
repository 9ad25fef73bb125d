import { describe, expect, it } from 'vitest';
import { parseRpcTransaction } from '../../decoder/decode-transaction.ts';
import { readAccountLifecycle } from './account-lifecycle-hints.ts';
import { toRpcView } from './enhanced-rpc-view.ts';
import { parseEnhancedTransaction } from './enhanced-transaction.schema.ts';
import { loadEnhancedPayloads } from './testing/helius-payloads.fixture.ts';

const payloads = loadEnhancedPayloads();
const tx = (prefix: string) =>
  parseEnhancedTransaction(payloads.find((p) => p.signature.startsWith(prefix))!.json);

/** Pre/post lamports and token amounts of one account in the rendered getTransaction result. */
function balancesOf(view: ReturnType<typeof parseRpcTransaction>, account: string) {
  const keys = view.transaction.message.accountKeys as string[];
  const i = keys.indexOf(account);
  const meta = view.meta!;
  const token = (list: typeof meta.preTokenBalances) =>
    list?.find((b) => b.accountIndex === i)?.uiTokenAmount.amount ?? null;
  return {
    lamports: [BigInt(meta.preBalances[i]!), BigInt(meta.postBalances[i]!)],
    tokens: [token(meta.preTokenBalances), token(meta.postTokenBalances)],
  };
}

describe('the getTransaction rendering of an Enhanced Transaction', () => {
  it('is a valid getTransaction result with the fee payer as first key and only signer', () => {
    for (const p of payloads) {
      const view = parseRpcTransaction(toRpcView(parseEnhancedTransaction(p.json)));
      expect(view.transaction.message.accountKeys[0]).toBe(p.json.feePayer);
      expect(view.transaction.message.header?.numRequiredSignatures).toBe(1);
      const keys = view.transaction.message.accountKeys as string[];
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('starts a created account from zero and ends a closed one at zero', () => {
    // Jupiter swap: a temporary WSOL account opened (CreateAccount inside the ATA program) and closed again.
    const swap = tx('3gf6XH8m');
    const temp = 'AjSXQTbiYDz858cfjyWGK2mZBy93b5nkCX2wBCVu2Ae5';
    const life = readAccountLifecycle(swap);
    expect([life.created.has(temp), life.closed.has(temp)]).toEqual([true, true]);
    const view = parseRpcTransaction(toRpcView(swap));
    expect(balancesOf(view, temp).lamports).toEqual([0n, 0n]);
    // Helius resolved its owner in the swap event, but like the node the view lists no balance for it.
    expect(balancesOf(view, temp).tokens).toEqual([null, null]);

    // A wallet opening its own (empty) BONK account: listed afterwards only, with the rent it holds.
    const ata = tx('KGb1CL5X');
    const fresh = 'AYNCpEmRwaSv6u8mam8TTNNFZN2jV3ZHTpr8k7JccSAX';
    expect(balancesOf(parseRpcTransaction(toRpcView(ata)), fresh).lamports).toEqual([0n, 2_039_280n]);
  });

  it('keeps accounts that existed before and after away from zero, with the exact change', () => {
    const swap = tx('3gf6XH8m');
    const view = parseRpcTransaction(toRpcView(swap));
    const usdc = balancesOf(view, '8yfHA9icV1snz5a6LSCw7zjx5iWbnH3Wogc1dTSVa9qE');
    expect(usdc.tokens.every((a) => a !== null && BigInt(a) > 0n)).toBe(true);
    expect(BigInt(usdc.tokens[1]!) - BigInt(usdc.tokens[0]!)).toBe(-1_485_000_000n);
    const [pre, post] = balancesOf(view, swap.feePayer).lamports;
    expect(pre! > 0n && post! > 0n).toBe(true);
    expect(post! - pre!).toBe(60_508_449_307n);
  });

  it('names the owner of a token account whose balance did not change', () => {
    // The wallet's temporary WSOL account: filled and emptied in the swap, so `accountData` has no token
    // change for it; the token transfers name its owner. (Owners taken from a CloseAccount authority are
    // checked by the equivalence test on the Jupiter DCA close.)
    const swap = tx('2hUNXDt4');
    const temp = '7nGRdhmKhbdB2Liy3e7zzfUkRTkUxMogas1YX9tcvxNK';
    expect(swap.accountData.find((a) => a.account === temp)?.tokenBalanceChanges).toEqual([]);
    expect(readAccountLifecycle(swap).owners.get(temp)?.owner).toBe(swap.feePayer);
  });
});
