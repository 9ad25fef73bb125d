import { describe, expect, it } from 'vitest';
import { jupiterAccounts } from '../../chain/rpc/testing/recorded-accounts.ts';
import { SolanaRpc } from '../../chain/rpc/solana-rpc.ts';
import { isOofError, OofError } from '../../core/errors/oof-error.ts';
import { createRpcOnchainTokenReads } from './onchain-token-reads.ts';
import { ANSEM, ansemRpcResults, methodTransport, USDC } from './testing/recorded-safety-data.ts';

describe('on-chain reads over SolanaRpc', () => {
  it("ANSEM: revoked authorities and the top-10 share of RugCheck's largest accounts, exact", async () => {
    const reads = createRpcOnchainTokenReads(new SolanaRpc(methodTransport(ansemRpcResults())));
    expect(await reads.getMintAuthorities(ANSEM)).toEqual({
      mint: ANSEM,
      program: 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb',
      mintAuthority: null,
      freezeAuthority: null,
    });
    // 582797007901303 + 10723667570168 + … (the ten largest of the 20) = 632497372458308.
    expect(await reads.getTopHolderShare(ANSEM, 10)).toEqual({
      mint: ANSEM,
      holders: 10,
      topAmountRaw: 632497372458308n,
      supplyRaw: 999939330972015n,
    });
    expect((await reads.getTopHolderShare(ANSEM, 1)).topAmountRaw).toBe(582797007901303n);
  });

  it('asks for jsonParsed and falls back to the base layout when the node answers base64 (recorded USDC mint)', async () => {
    const usdc = jupiterAccounts().get(USDC);
    expect(usdc).toBeDefined();
    const params: unknown[] = [];
    const transport = methodTransport({ getAccountInfo: usdc });
    const reads = createRpcOnchainTokenReads(
      new SolanaRpc((call) => {
        params.push(call.params[1]);
        return transport(call);
      }),
    );
    expect(await reads.getMintAuthorities(USDC)).toEqual({
      mint: USDC,
      program: 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA',
      mintAuthority: 'BJE5MMbqXjVwjAF7oxwPYXnTXDyspzZyt4vwenNw5ruG',
      freezeAuthority: '7dGbd2QZcCKcTndnHcTL8q7SMVXAkp688NTQYwrRCrar',
    });
    expect(params[0]).toMatchObject({ encoding: 'jsonParsed' });
  });

  it('no account, or an account of another program → SAFETY_MINT_NOT_FOUND', async () => {
    const none = createRpcOnchainTokenReads(
      new SolanaRpc(methodTransport({ getAccountInfo: { context: { slot: 1 }, value: null } })),
    );
    await expect(none.getMintAuthorities(ANSEM)).rejects.toSatisfy((e) =>
      isOofError(e, 'SAFETY_MINT_NOT_FOUND'),
    );
    const results = ansemRpcResults();
    const account = results.getAccountInfo as { value: Record<string, unknown> };
    account.value.owner = '11111111111111111111111111111111';
    const wrong = createRpcOnchainTokenReads(new SolanaRpc(methodTransport(results)));
    await expect(wrong.getMintAuthorities(ANSEM)).rejects.toSatisfy((e) =>
      isOofError(e, 'SAFETY_MINT_NOT_FOUND'),
    );
  });

  it('RPC outages → SAFETY_SOURCE_UNAVAILABLE; malformed results → SAFETY_RESPONSE_INVALID', async () => {
    const down = createRpcOnchainTokenReads(
      new SolanaRpc(() => Promise.reject(new OofError('RPC_UNAVAILABLE', 'every endpoint failed'))),
    );
    await expect(down.getMintAuthorities(ANSEM)).rejects.toSatisfy(
      (e) => isOofError(e, 'SAFETY_SOURCE_UNAVAILABLE') && e.context.source === 'onchain',
    );
    await expect(down.getTopHolderShare(ANSEM, 10)).rejects.toSatisfy((e) =>
      isOofError(e, 'SAFETY_SOURCE_UNAVAILABLE'),
    );
    const results = ansemRpcResults();
    (results.getAccountInfo as { value: { data: { parsed: unknown } } }).value.data.parsed = {
      type: 'account',
      info: {},
    };
    results.getTokenSupply = {
      context: { slot: 1 },
      value: { amount: '-5', decimals: 6, uiAmountString: '' },
    };
    const bad = createRpcOnchainTokenReads(new SolanaRpc(methodTransport(results)));
    await expect(bad.getMintAuthorities(ANSEM)).rejects.toSatisfy((e) =>
      isOofError(e, 'SAFETY_RESPONSE_INVALID'),
    );
    await expect(bad.getTopHolderShare(ANSEM, 10)).rejects.toSatisfy((e) =>
      isOofError(e, 'SAFETY_RESPONSE_INVALID'),
    );
  });

  it('refuses a holder count the node cannot answer', () => {
    const reads = createRpcOnchainTokenReads(new SolanaRpc(methodTransport({})));
    expect(() => reads.getTopHolderShare(ANSEM, 21)).toThrow(RangeError);
    expect(() => reads.getTopHolderShare(ANSEM, 0)).toThrow(RangeError);
  });
});
