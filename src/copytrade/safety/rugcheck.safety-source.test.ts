import { describe, expect, it } from 'vitest';
import { isOofError } from '../../core/errors/oof-error.ts';
import { createRugCheckSource } from './rugcheck.safety-source.ts';
import { ANSEM, editedReport, rugcheckReportText, tableFetch } from './testing/recorded-safety-data.ts';

const URL_ANSEM = `https://api.rugcheck.xyz/v1/tokens/${ANSEM}/report`;

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
}

describe('RugCheck adapter on the recorded report', () => {
  it('extracts authorities, holders, risks and LP facts exactly', async () => {
    const fetch = tableFetch({ [URL_ANSEM]: { status: 200, body: rugcheckReportText() } });
    const report = await createRugCheckSource({ fetch })(ANSEM);
    expect(fetch.asked).toEqual([URL_ANSEM]);
    expect(report).toMatchObject({
      mint: ANSEM,
      tokenProgram: 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb',
      mintAuthority: null,
      freezeAuthority: null,
      supplyRaw: 999939330972015n,
      decimals: 6,
      top10Pct: '63.25357477872919441',
      honeypotReasons: [],
      rugged: false,
      score: 6956,
      scoreNormalised: 45,
      totalMarketLiquidityUsd: '4436958.056160967',
      totalLpProviders: 20,
      detectedAt: '2026-06-16T21:05:50.325270683Z',
    });
    expect(report.topHolders).toHaveLength(20);
    expect(report.topHolders[0]).toEqual({
      address: '2U9XFtekYTstzMYXmuyDCNdFxRYB91dMtSKxtUB5rVct',
      owner: 'GV6UUmNxz2RpKxmNAPadYKb7uQpszwqQAu3qLJxVdC52',
      amountRaw: 582797007901303n,
      pct: '58.2832367774534',
      insider: false,
    });
    expect(report.risks.map((r) => [r.name, r.level, r.value, r.score])).toEqual([
      ['Single holder ownership', 'danger', '58.28%', 5828],
      ['High holder concentration', 'warn', '', 1127],
    ]);
    expect(report.markets).toHaveLength(134);
    expect(report.markets[0]).toEqual({
      pubkey: 'FnzKY6x7entQ1eR3D225dQyT7ybfka4PskBMQhb8L3CC',
      marketType: 'pump_fun_amm',
      lpLockedPct: '98.18092047814761',
      lpLockedUsd: '1899815.2281531822',
    });
  });

  it('names each honeypot signal RugCheck reports', async () => {
    const body = editedReport((r) => {
      r.rugged = true;
      (r.risks as unknown[]).push({
        name: 'Honeypot',
        value: '',
        description: 'cannot sell',
        level: 'danger',
      });
      r.token_extensions = { nonTransferable: true, permanentDelegate: { delegate: 'X' } };
    });
    const report = await createRugCheckSource({ fetch: tableFetch({ [URL_ANSEM]: { status: 200, body } }) })(
      ANSEM,
    );
    expect(report.honeypotReasons).toEqual([
      'rugcheck marks the token as rugged',
      'rugcheck risk: Honeypot',
      'token-2022 non-transferable extension',
      'token-2022 permanent delegate',
    ]);
  });

  it.each([429, 500, 503])('HTTP %i is SAFETY_SOURCE_UNAVAILABLE', async (status) => {
    const source = createRugCheckSource({ fetch: tableFetch({ [URL_ANSEM]: { status, body: '{}' } }) });
    const e = await failure(source(ANSEM));
    expect(isOofError(e, 'SAFETY_SOURCE_UNAVAILABLE')).toBe(true);
    expect(isOofError(e) && e.context).toMatchObject({ source: 'rugcheck', httpStatus: status });
  });

  it('a network failure is SAFETY_SOURCE_UNAVAILABLE', async () => {
    const e = await failure(createRugCheckSource({ fetch: tableFetch({}) })(ANSEM));
    expect(isOofError(e, 'SAFETY_SOURCE_UNAVAILABLE')).toBe(true);
  });

  it.each([
    ['not JSON', '<html>bad gateway</html>'],
    ['an empty object', '{}'],
    [
      'a holder amount as text',
      editedReport((r) => ((r.topHolders as Record<string, unknown>[])[0]!.amount = '12')),
    ],
    ['a negative pct', editedReport((r) => ((r.topHolders as Record<string, unknown>[])[0]!.pct = -1))],
    ['authorities missing', editedReport((r) => delete r.mintAuthority)],
    [
      'the report of another mint',
      editedReport((r) => (r.mint = 'So11111111111111111111111111111111111111112')),
    ],
  ])('%s is SAFETY_RESPONSE_INVALID', async (_label, body) => {
    const source = createRugCheckSource({ fetch: tableFetch({ [URL_ANSEM]: { status: 200, body } }) });
    const e = await failure(source(ANSEM));
    expect(isOofError(e, 'SAFETY_RESPONSE_INVALID')).toBe(true);
    expect(isOofError(e) && e.context.source).toBe('rugcheck');
  });

  it('a 404 (unknown mint) is SAFETY_RESPONSE_INVALID, not an outage a cache may cover', async () => {
    const source = createRugCheckSource({
      fetch: tableFetch({ [URL_ANSEM]: { status: 404, body: '{"error":"not found"}' } }),
    });
    expect(isOofError(await failure(source(ANSEM)), 'SAFETY_RESPONSE_INVALID')).toBe(true);
  });
});
