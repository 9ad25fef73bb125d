import { describe, expect, it } from 'vitest';
import { isOofError } from '../../core/errors/oof-error.ts';
import { parseDetectorConfig } from './detector-config.ts';
import { CONFIG, CONFIG_TEXT } from './detectors.fixtures.ts';

function issuesOf(text: string): unknown {
  try {
    parseDetectorConfig(text);
  } catch (e) {
    if (isOofError(e, 'CONFIG_INVALID')) return e.context.issues ?? e.message;
    throw e;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('detector config', () => {
  it('parses the committed file with the SPEC thresholds as exact decimals', () => {
    expect(CONFIG.s2e).toMatchObject({ version: 's2e@1', windowDays: 7, minPct: '0.25', minMissedUsd: '25' });
    expect(CONFIG.bhd.maxDrawdownPct).toBe('-0.30');
    expect(CONFIG.badRoute).toMatchObject({ minWorsePct: '0.01', minCostUsd: '5' });
    expect(CONFIG.rug).toMatchObject({ minDropFromAthPct: '0.90', stayDays: 7 });
  });

  it('accepts plain YAML numbers', () => {
    expect(parseDetectorConfig(CONFIG_TEXT.replace("minPct: '0.25'", 'minPct: 0.25')).s2e.minPct).toBe(
      '0.25',
    );
  });

  it('names every bad field', () => {
    const text = CONFIG_TEXT.replace("maxDrawdownPct: '-0.30'", "maxDrawdownPct: '0.30'")
      .replace('version: s2e@1', 'version: s2e')
      .replace("minWorsePct: '0.01'", "minWorsePct: '1e-2'");
    expect(issuesOf(text)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 's2e.version' }),
        expect.objectContaining({ path: 'bhd.maxDrawdownPct', message: 'must be < 0' }),
        expect.objectContaining({ path: 'badRoute.minWorsePct' }),
      ]),
    );
  });

  it('rejects unknown keys, missing sections, duplicate assets and broken YAML', () => {
    expect(issuesOf(`${CONFIG_TEXT}\nextra: 1\n`)).toEqual([expect.objectContaining({ path: '(root)' })]);
    expect(issuesOf(CONFIG_TEXT.replace(/^rug:[\s\S]*$/m, ''))).toEqual([
      expect.objectContaining({ path: 'rug' }),
    ]);
    const dup = CONFIG_TEXT.replace(
      'mint: Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB',
      'mint: EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
    );
    expect(issuesOf(dup)).toEqual([expect.objectContaining({ path: 'idleYield.assets.2.mint' })]);
    expect(issuesOf('s2e: [unclosed')).toMatch(/not valid YAML/);
  });
});
