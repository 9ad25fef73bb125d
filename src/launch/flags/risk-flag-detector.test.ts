import { describe, expect, it } from 'vitest';
import { RiskFlagDetector } from './risk-flag-detector.ts';

const HOUR = 3_600_000n;
const launch = (mint: string, creator: string, tEventMs: bigint, slot = 100n) => ({
  mint,
  creator,
  slot,
  tEventMs,
});
const trade = (mint: string, signer: string, side: 'buy' | 'sell', tokenAmount: bigint, slot = 100n) => ({
  mint,
  signer,
  side,
  tokenAmount,
  slot,
  tEventMs: 0n,
});

describe('RiskFlagDetector', () => {
  it('flags a serial launcher on its third launch within 24 hours, not on launches further apart', () => {
    const d = new RiskFlagDetector();
    expect(d.onLaunch(launch('A', 'c', 0n))).toEqual([]);
    expect(d.onLaunch(launch('B', 'c', 10n * HOUR))).toEqual([]);
    expect(d.onLaunch(launch('C', 'c', 23n * HOUR)).map((f) => [f.flag, f.value, f.severity])).toEqual([
      ['SERIAL_LAUNCHER', '3', 'warn'],
    ]);
    expect(d.onLaunch(launch('D', 'c', 40n * HOUR))).toEqual([]); // only C is within 24 h of D
  });

  it('flags a bundled launch once three wallets other than the creator bought in the launch slot', () => {
    const d = new RiskFlagDetector();
    d.onLaunch(launch('M', 'creator', 0n));
    expect(d.onTrade(trade('M', 'creator', 'buy', 10n))).toEqual([]);
    expect(d.onTrade(trade('M', 'a', 'buy', 10n))).toEqual([]);
    expect(d.onTrade(trade('M', 'b', 'buy', 10n, 101n))).toEqual([]); // next slot: not bundled
    expect(d.onTrade(trade('M', 'c', 'buy', 10n))).toEqual([]);
    const [flag] = d.onTrade(trade('M', 'd', 'buy', 30n));
    expect(flag).toMatchObject({ flag: 'BUNDLED_LAUNCH', value: '3' });
    expect(flag?.details).toMatchObject({
      buyers: ['a', 'c', 'd'],
      tokens: '50',
      supplyShare: '0.00000000000005',
    });
    expect(d.onTrade(trade('M', 'e', 'buy', 10n))).toEqual([]);
  });

  it('flags a creator who sold half of what it bought, once', () => {
    const d = new RiskFlagDetector();
    d.onLaunch(launch('M', 'creator', 0n));
    d.onTrade(trade('M', 'creator', 'buy', 1000n));
    expect(d.onTrade(trade('M', 'creator', 'sell', 499n, 200n))).toEqual([]);
    expect(d.onTrade(trade('M', 'creator', 'sell', 1n, 201n)).map((f) => [f.flag, f.value])).toEqual([
      ['CREATOR_DUMPING', '0.5'],
    ]);
    expect(d.onTrade(trade('M', 'creator', 'sell', 500n, 202n))).toEqual([]);
  });

  it('snapshots holder concentration and flags the top 10 at 30 % (warn) then 50 % (critical)', () => {
    const d = new RiskFlagDetector();
    d.onLaunch(launch('M', 'creator', 0n));
    const supply = 1_000_000_000_000_000n;
    for (let i = 0; i < 12; i++) d.onTrade(trade('M', `w${i}`, 'buy', supply / 50n, 300n)); // 2 % each
    const first = d.snapshot('M');
    expect(first.snapshot).toMatchObject({ holders: 12, top5Share: '0.1', top10Share: '0.2' });
    expect(first.flags).toEqual([]);
    expect(d.snapshot('M').snapshot).toBeNull(); // nothing changed
    d.onTrade(trade('M', 'w0', 'buy', supply / 10n, 301n));
    expect(d.snapshot('M').flags.map((f) => [f.severity, f.value])).toEqual([['warn', '0.3']]);
    d.onTrade(trade('M', 'w1', 'buy', supply / 5n, 302n));
    expect(d.snapshot('M').flags.map((f) => [f.severity, f.value])).toEqual([['critical', '0.5']]);
    d.onTrade(trade('M', 'w2', 'sell', supply / 50n, 303n));
    expect(d.snapshot('M')).toMatchObject({ flags: [], snapshot: { holders: 11 } });
  });
});
