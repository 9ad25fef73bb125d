import { parse, stringify } from 'lossless-json';
import type { RpcCall, RpcTransport } from '../../../chain/rpc/rpc-transport.ts';
import type { FetchPort } from '../../../market/http/fetch-port.ts';
import { readSharedText } from '../../../../test/support/shared-data.ts';

/**
 * Test support (never imported by production code): the recorded RugCheck report and DexScreener responses
 * of ../shared/data, served through the ports the adapters use.
 */
export const ANSEM = '9cRCn9rGT8V2imeM2BaKs13yhMEais3ruM3rPvTGpump';
export const USD1 = 'USD1ttGY1N17NEEHLmELoaybftRBUSErhqYiQzvEmuB';
export const WOOD = 'Ao3fKu6s2jH2vFHLWUchgf4mPWQ7G4FEttHa1xXv7Wio';
export const USDC = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';

export const rugcheckReportText = (): string => readSharedText('sweepepe-rugcheck-report/rugcheck.json');

/** The report with some fields changed, numbers kept as their text. */
export function editedReport(edit: (report: Record<string, unknown>) => void): string {
  const report = parse(rugcheckReportText()) as Record<string, unknown>;
  edit(report);
  return stringify(report) ?? '';
}

/** `/token-pairs/v1/solana/USD1…` as recorded (the `pools` member of the indexer-sdk sample): a bare array. */
export function usd1TokenPairsText(): string {
  const sample = parse(readSharedText('indexer-sdk-dexscreener/sample/dexscreener.json')) as Record<
    string,
    unknown
  >;
  return stringify(sample.pools) ?? '';
}

export const woodPairsText = (): string => readSharedText('raydium-executor-dexscreener/dexscreener.json');

export interface ServedResponse {
  readonly status: number;
  readonly body: string;
}

/** A FetchPort answering from a table of URLs; any other URL fails the test. Records every URL asked. */
export function tableFetch(table: Record<string, ServedResponse | (() => ServedResponse)>): FetchPort & {
  readonly asked: string[];
} {
  const asked: string[] = [];
  const fn = (url: string): Promise<Response> => {
    asked.push(url);
    const entry = table[url];
    if (entry === undefined) return Promise.reject(new Error(`unexpected fetch ${url}`));
    const r = typeof entry === 'function' ? entry() : entry;
    return Promise.resolve(
      new Response(r.body, { status: r.status, headers: { 'content-type': 'application/json' } }),
    );
  };
  return Object.assign(fn, { asked });
}

/** An RpcTransport answering per method with a raw `result` (a function is called for it); other methods fail the test. */
export function methodTransport(results: Record<string, unknown>): RpcTransport {
  return <T>(call: RpcCall<T>): Promise<T> => {
    if (!(call.method in results)) return Promise.reject(new Error(`unexpected RPC ${call.method}`));
    try {
      const entry = results[call.method];
      return Promise.resolve(call.parse(typeof entry === 'function' ? (entry as () => unknown)() : entry));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  };
}

/**
 * RPC answers for ANSEM built from the recorded report: the shared data holds no getAccountInfo /
 * getTokenLargestAccounts recording of this mint, so the node "answers" what RugCheck read from chain
 * (`token` = the mint account, `topHolders` = the 20 largest accounts, in base units).
 */
export function ansemRpcResults(): Record<string, unknown> {
  const report = JSON.parse(rugcheckReportText()) as {
    token: { mintAuthority: string | null; freezeAuthority: string | null; supply: number; decimals: number };
    topHolders: { address: string; amount: number; decimals: number; uiAmountString: string }[];
  };
  // Amounts stay below 2^53 in this report (max 999939330972015), so JSON.parse kept them exact.
  return {
    getAccountInfo: {
      context: { slot: 1 },
      value: {
        lamports: 1461600,
        owner: 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb',
        executable: false,
        rentEpoch: 18446744073709551615n,
        space: 82,
        data: {
          program: 'spl-token-2022',
          space: 82,
          parsed: {
            type: 'mint',
            info: {
              mintAuthority: report.token.mintAuthority,
              freezeAuthority: report.token.freezeAuthority,
              supply: String(report.token.supply),
              decimals: report.token.decimals,
              isInitialized: true,
            },
          },
        },
      },
    },
    getTokenLargestAccounts: {
      context: { slot: 1 },
      value: report.topHolders.map((h) => ({
        address: h.address,
        amount: String(h.amount),
        decimals: h.decimals,
        uiAmountString: h.uiAmountString,
      })),
    },
    getTokenSupply: {
      context: { slot: 1 },
      value: {
        amount: String(report.token.supply),
        decimals: report.token.decimals,
        uiAmountString: '999939330.972015',
      },
    },
  };
}
