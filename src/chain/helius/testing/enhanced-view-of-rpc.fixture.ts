/**
 * Test-only: the fields Helius derives for an Enhanced Transaction, computed from a real `getTransaction`
 * result (json encoding) the way Helius documents them — `accountData` from pre/post lamports and token
 * balances (only changed token accounts, owner as `userAccount`, exact `rawTokenAmount`), `instructions` with
 * their inner instructions, addresses and base58 data, the fee payer, `transactionError`. It deliberately
 * leaves out what cannot be derived without Helius' parsers (`type`, `source`, `tokenTransfers`, `events`),
 * which the mapping never needs. Used to check that both paths give the same actions for one transaction.
 */
interface RawTokenBalance {
  accountIndex: number;
  mint: string;
  owner?: string;
  uiTokenAmount: { amount: string; decimals: number };
}
interface RawIx {
  programIdIndex: number;
  accounts: number[];
  data: string;
}
export interface RawRpcTransaction {
  slot?: number | null;
  blockTime?: number | null;
  meta: {
    err: unknown;
    fee: number;
    preBalances: number[];
    postBalances: number[];
    preTokenBalances?: RawTokenBalance[] | null;
    postTokenBalances?: RawTokenBalance[] | null;
    innerInstructions?: { index: number; instructions: RawIx[] }[] | null;
    loadedAddresses?: { writable: string[]; readonly: string[] } | null;
  };
  transaction: {
    signatures: string[];
    message: { accountKeys: unknown[]; instructions: RawIx[] };
  };
}

/** Null when the recording is not in `json` encoding (Helius instructions always carry raw data). */
export function enhancedViewOfRpc(raw: RawRpcTransaction): Record<string, unknown> | null {
  const { meta, transaction } = raw;
  const rawKeys = transaction.message.accountKeys;
  if (!rawKeys.every((k): k is string => typeof k === 'string')) return null;
  if (!transaction.message.instructions.every((ix) => typeof ix.programIdIndex === 'number')) return null;
  const keys = [
    ...rawKeys,
    ...(meta.loadedAddresses?.writable ?? []),
    ...(meta.loadedAddresses?.readonly ?? []),
  ];

  const tokens = new Map<
    number,
    { mint: string; owner: string; decimals: number; pre: bigint; post: bigint }
  >();
  for (const [list, side] of [
    [meta.preTokenBalances ?? [], 'pre'],
    [meta.postTokenBalances ?? [], 'post'],
  ] as const) {
    for (const b of list) {
      const cur = tokens.get(b.accountIndex) ?? {
        mint: b.mint,
        owner: b.owner ?? keys[b.accountIndex]!,
        decimals: b.uiTokenAmount.decimals,
        pre: 0n,
        post: 0n,
      };
      cur[side] = BigInt(b.uiTokenAmount.amount);
      tokens.set(b.accountIndex, cur);
    }
  }
  const accountData = keys.map((account, i) => {
    const t = tokens.get(i);
    const change = t === undefined ? 0n : t.post - t.pre;
    return {
      account,
      nativeBalanceChange: BigInt(meta.postBalances[i]!) - BigInt(meta.preBalances[i]!),
      tokenBalanceChanges:
        t === undefined || change === 0n
          ? []
          : [
              {
                userAccount: t.owner,
                tokenAccount: account,
                mint: t.mint,
                rawTokenAmount: { tokenAmount: change.toString(), decimals: t.decimals },
              },
            ],
    };
  });
  const ix = (i: RawIx) => ({
    programId: keys[i.programIdIndex]!,
    accounts: (i.accounts ?? []).map((a) => keys[a]!),
    data: i.data,
  });
  const inner = new Map((meta.innerInstructions ?? []).map((g) => [g.index, g.instructions]));
  return {
    signature: transaction.signatures[0],
    slot: raw.slot ?? null,
    timestamp: raw.blockTime ?? null,
    fee: meta.fee,
    feePayer: keys[0],
    type: 'UNKNOWN',
    source: 'UNKNOWN',
    transactionError: meta.err ?? null,
    accountData,
    instructions: transaction.message.instructions.map((o, index) => ({
      ...ix(o),
      innerInstructions: (inner.get(index) ?? []).map(ix),
    })),
    events: {},
  };
}
