import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { SHARED_DATA } from '../../test/support/shared-data.ts';
import type { SwapAmounts } from './peer-swaps.ts';

/**
 * Expected outputs shipped with the data by two Jupiter swap parsers, reduced to "the whole swap as the owner's
 * wallet saw it": first input, last output, base units (both write raw integers; the `…InDecimal` fields are the
 * UI figures and are ignored). Jupiter's platform fee is charged on the route's output and reported beside it
 * (`feeAmount`/`ParsedFeeEvent`), so what arrived in the wallet is the output minus a fee of the output mint.
 */
export type JupiterSource =
  /** jup-ag/instruction-parser snapshot `swap-result-N.json`: the legs of the N-th Jupiter instruction. */
  | 'jup-swap-result'
  /** jup-ag/instruction-parser `results/<sig>.json`: its full swap summary. */
  | 'jup-results'
  /** serejke/solana-jupiter-swap-parser `results/<sig>.json`: an independent parser's summary. */
  | 'serejke-results';

export interface JupiterExpectedSwap {
  readonly source: JupiterSource;
  readonly signature: string;
  /** Which Jupiter instruction of the transaction (several swaps can share one transaction). */
  readonly ordinal: number;
  /** The wallet; the snapshot swap-results do not name it, the fee payer is then used by the comparison. */
  readonly owner: string | null;
  /** Route totals as the parser wrote them (output before the platform fee). */
  readonly route: SwapAmounts;
  readonly feeMint: string | null;
  readonly feeAmount: bigint;
  /** What the wallet gave and got: the route, with an output-mint platform fee taken off the output. */
  readonly wallet: SwapAmounts;
}

const JUP = 'jup-instruction-parser/src/tests/';
const SEREJKE = 'serejke-jupiter-swap-parser-results/src/tests/results/';

interface SummaryJson {
  owner: string;
  inMint: string;
  inAmount: string | number;
  outMint: string;
  outAmount: string | number;
  feeMint?: string;
  feeAmount?: string | number;
}

interface SwapResultJson {
  parsedEvents: { name: string; data: Record<string, string> }[];
  initialPositions: number[];
  finalPositions: number[];
}

export function loadJupiterExpected(): JupiterExpectedSwap[] {
  const out: JupiterExpectedSwap[] = [];
  const snapshots = `${SHARED_DATA}${JUP}snapshot/`;
  for (const signature of listDir(snapshots)) {
    const files = listDir(`${snapshots}${signature}`).filter((f) => /^swap-result-\d+\.json$/.test(f));
    for (const file of files.sort()) {
      const json = readJson(`${snapshots}${signature}/${file}`) as SwapResultJson;
      out.push(fromSwapResult(signature, Number(/\d+/.exec(file)?.[0]), json));
    }
  }
  for (const [dir, source] of [
    [`${SHARED_DATA}${JUP}results/`, 'jup-results'],
    [`${SHARED_DATA}${SEREJKE}`, 'serejke-results'],
  ] as const) {
    for (const file of listDir(dir)) {
      const json = readJson(`${dir}${file}`) as SummaryJson | SummaryJson[];
      const list = Array.isArray(json) ? json : [json];
      list.forEach((s, ordinal) => out.push(fromSummary(source, file.replace(/\.json$/, ''), ordinal, s)));
    }
  }
  return out;
}

function fromSwapResult(signature: string, ordinal: number, json: SwapResultJson): JupiterExpectedSwap {
  const swaps = json.parsedEvents.filter((e) => e.name === 'ParsedSwapEvent').map((e) => e.data);
  const fee = json.parsedEvents.find((e) => e.name === 'ParsedFeeEvent')?.data;
  // A split route starts (and ends) on several legs: the positions name them; their amounts add up.
  const at = (positions: number[]): Record<string, string>[] =>
    positions.map((p) => swaps[p]).filter((s): s is Record<string, string> => s !== undefined);
  const first = at(json.initialPositions);
  const last = at(json.finalPositions);
  const route: SwapAmounts = {
    mintIn: first[0]?.inputMint ?? '',
    amountIn: first.reduce((s, l) => s + BigInt(l.inputAmount ?? '0'), 0n),
    mintOut: last[0]?.outputMint ?? '',
    amountOut: last.reduce((s, l) => s + BigInt(l.outputAmount ?? '0'), 0n),
  };
  return withFee(
    'jup-swap-result',
    signature,
    ordinal,
    null,
    route,
    fee?.mint ?? null,
    BigInt(fee?.amount ?? '0'),
  );
}

function fromSummary(
  source: JupiterSource,
  signature: string,
  ordinal: number,
  s: SummaryJson,
): JupiterExpectedSwap {
  const route: SwapAmounts = {
    mintIn: s.inMint,
    amountIn: BigInt(s.inAmount),
    mintOut: s.outMint,
    amountOut: BigInt(s.outAmount),
  };
  return withFee(source, signature, ordinal, s.owner, route, s.feeMint ?? null, BigInt(s.feeAmount ?? 0));
}

function withFee(
  source: JupiterSource,
  signature: string,
  ordinal: number,
  owner: string | null,
  route: SwapAmounts,
  feeMint: string | null,
  feeAmount: bigint,
): JupiterExpectedSwap {
  const wallet = feeMint === route.mintOut ? { ...route, amountOut: route.amountOut - feeAmount } : route;
  return { source, signature, ordinal, owner, route, feeMint, feeAmount, wallet };
}

function listDir(path: string): string[] {
  return existsSync(path) ? readdirSync(path) : [];
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}
