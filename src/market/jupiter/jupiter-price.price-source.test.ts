import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { isOofError } from '../../core/errors/oof-error.ts';
import { createJupiterPriceSource, parseJupiterPriceResponse } from './jupiter-price.price-source.ts';
import { parseJsonExact } from '../http/fetch-json.ts';

const SPEC = new URL(
  '../../../../shared/data/jup-docs-openapi/openapi-spec/price/v3/price.yaml',
  import.meta.url,
);
const SOL = 'So11111111111111111111111111111111111111112';
const USDC = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';

/** The documented 200 example, rendered to JSON text with every number written exactly as in the YAML. */
function recordedResponseText(): string {
  const doc = parseDocument(readFileSync(SPEC, 'utf8'), { keepSourceTokens: true });
  const example = doc.getIn(
    ['paths', '/price/v3', 'get', 'responses', '200', 'content', 'application/json', 'example'],
    true,
  ) as Node;
  const render = (node: unknown): string => {
    if (isMap(node)) {
      return `{${node.items.map((p) => `${JSON.stringify(String((p.key as { value: unknown }).value))}:${render(p.value)}`).join(',')}}`;
    }
    if (isSeq(node)) return `[${node.items.map(render).join(',')}]`;
    if (isScalar(node)) {
      if (typeof node.value === 'number') return node.source ?? String(node.value);
      return JSON.stringify(node.value);
    }
    throw new Error('unexpected YAML node');
  };
  return render(example);
}

function serve(status: number, body: string, urls: string[] = []): (url: string) => Promise<Response> {
  return (url) => {
    urls.push(url);
    return Promise.resolve(new Response(body, { status, headers: { 'content-type': 'application/json' } }));
  };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isOofError(e)) return e.code;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('Jupiter Price API v3 adapter', () => {
  it('parses the documented example exactly', () => {
    const prices = parseJupiterPriceResponse(parseJsonExact(recordedResponseText(), 'test'));
    expect(prices.get(SOL)).toEqual({
      mint: SOL,
      priceUsd: '147.48',
      blockId: 348004023n,
      decimals: 9,
      priceChange24hPct: '1.29',
      liquidityUsd: '621679197.67',
      createdAt: new Date('2024-06-05T08:55:25.527Z'),
    });
    expect(prices.get(USDC)).toMatchObject({
      priceUsd: '0.9999',
      blockId: 348004025n,
      decimals: 6,
      priceChange24hPct: '-0.003',
    });
  });

  it('asks for the ids, comma-separated, in chunks of 50, and keeps only what was asked', async () => {
    const urls: string[] = [];
    const source = createJupiterPriceSource({ fetch: serve(200, recordedResponseText(), urls) });
    const prices = await source([SOL]);
    expect(urls).toEqual([`https://lite-api.jup.ag/price/v3?ids=${SOL}`]);
    expect([...prices.keys()]).toEqual([SOL]);
    const many = Array.from({ length: 51 }, (_, i) => `${SOL.slice(0, 40)}${String(i).padStart(4, '0')}`);
    await source(many);
    expect(urls.slice(1).map((u) => new URL(u).searchParams.get('ids')?.split(',').length)).toEqual([50, 1]);
  });

  it('keeps digits a float would lose', () => {
    const text = recordedResponseText().replace('147.48', '0.000012345678901234567891');
    expect(parseJupiterPriceResponse(parseJsonExact(text, 'test')).get(SOL)?.priceUsd).toBe(
      '0.000012345678901234567891',
    );
  });

  it('turns garbage into clear errors', async () => {
    const text = recordedResponseText();
    const garbage = [
      'not json',
      '[]',
      text.replace('147.48', '"147.48"'),
      text.replace('147.48', '-147.48'),
      text.replace('"decimals":9', '"decimals":9.5'),
      text.replace(SOL, 'short'),
    ];
    for (const body of garbage) {
      expect(await codeOf(createJupiterPriceSource({ fetch: serve(200, body) })([SOL]))).toBe(
        'PRICE_RESPONSE_INVALID',
      );
    }
    expect(await codeOf(createJupiterPriceSource({ fetch: serve(400, '{}') })([SOL]))).toBe(
      'PRICE_RESPONSE_INVALID',
    );
    expect(await codeOf(createJupiterPriceSource({ fetch: serve(500, '') })([SOL]))).toBe(
      'PRICE_SOURCE_UNAVAILABLE',
    );
    expect(await codeOf(createJupiterPriceSource({ fetch: serve(429, '') })([SOL]))).toBe(
      'PRICE_SOURCE_UNAVAILABLE',
    );
    const down = createJupiterPriceSource({ fetch: () => Promise.reject(new TypeError('fetch failed')) });
    expect(await codeOf(down([SOL]))).toBe('PRICE_SOURCE_UNAVAILABLE');
    expect(await codeOf(down([]))).toBe('PRICE_REQUEST_INVALID');
  });
});
