import { fromScaled } from '../../domain/decimal.ts';
import { TOKEN_TOTAL_SUPPLY } from '../curve/bonding-curve-math.ts';
import type { RiskFlagName, RiskSeverity } from '../events/launch-event.ts';

/** A raised flag; `observation` names what raised it, so the same observation is stored and streamed once. */
export interface RiskFlag {
  readonly mint: string;
  readonly flag: RiskFlagName;
  readonly observation: string;
  readonly severity: RiskSeverity;
  readonly value: string;
  readonly threshold: string;
  readonly details: Readonly<Record<string, string | number | readonly string[]>>;
  readonly slot: bigint;
  readonly tEventMs: bigint;
}

export interface HolderSnapshot {
  readonly mint: string;
  readonly slot: bigint;
  readonly tEventMs: bigint;
  readonly holders: number;
  readonly top5Share: string;
  readonly top10Share: string;
}

export interface FlagThresholds {
  /** Launches by one creator within `serialWindowMs` (this one included) that make a serial launcher. */
  readonly serialLaunches: number;
  readonly serialWindowMs: bigint;
  /** Distinct non-creator buyers in the launch slot that make a bundled launch. */
  readonly bundledBuyers: number;
  /** Share of what the creator bought that it has sold (0..1). */
  readonly creatorDumpShare: bigint;
  /** Top-10 holders' share of the supply: warn, critical (in 1e-4 units, i.e. basis points). */
  readonly top10WarnBps: bigint;
  readonly top10CriticalBps: bigint;
}

export const DEFAULT_FLAG_THRESHOLDS: FlagThresholds = {
  serialLaunches: 3,
  serialWindowMs: 24n * 3_600_000n,
  bundledBuyers: 3,
  creatorDumpShare: 5_000n, // bps of what it bought: 50 %
  top10WarnBps: 3_000n,
  top10CriticalBps: 5_000n,
};

interface MintState {
  readonly creator: string;
  readonly launchSlot: bigint;
  readonly supply: bigint;
  readonly launchSlotBuyers: Map<string, bigint>;
  readonly holders: Map<string, bigint>;
  creatorBought: bigint;
  creatorSold: bigint;
  readonly raised: Set<string>;
  holdersChanged: boolean;
  lastSlot: bigint;
  lastTEventMs: bigint;
}

const SCALE = 18;
const share = (part: bigint, whole: bigint): string =>
  whole <= 0n ? '0' : fromScaled((part * 10n ** BigInt(SCALE)) / whole, SCALE);
const bpsAsShare = (bps: bigint): string => fromScaled(bps, 4);

/**
 * Risk flags of SPEC §5 from the stream of launches and trades (pure, deterministic):
 * - SERIAL_LAUNCHER: the creator launched `serialLaunches` tokens within `serialWindowMs` (flag on the newest).
 * - BUNDLED_LAUNCH: `bundledBuyers` distinct wallets other than the creator bought in the launch slot.
 * - CREATOR_DUMPING: the creator sold at least half of the tokens it bought.
 * - HOLDER_CONCENTRATION: the ten largest holders hold ≥ 30 % (warn) / ≥ 50 % (critical) of the supply, from
 *   holder snapshots taken per minute. Holdings are what each wallet bought minus sold on the curve and the
 *   pool (transfers between wallets are not seen); the curve and pool accounts are not holders.
 */
export class RiskFlagDetector {
  private readonly mints = new Map<string, MintState>();
  private readonly launchesByCreator = new Map<string, bigint[]>();

  constructor(private readonly thresholds: FlagThresholds = DEFAULT_FLAG_THRESHOLDS) {}

  onLaunch(launch: {
    mint: string;
    creator: string;
    slot: bigint;
    tEventMs: bigint;
    supply?: bigint;
  }): RiskFlag[] {
    if (this.mints.has(launch.mint)) return [];
    this.mints.set(launch.mint, {
      creator: launch.creator,
      launchSlot: launch.slot,
      supply: launch.supply ?? TOKEN_TOTAL_SUPPLY,
      launchSlotBuyers: new Map(),
      holders: new Map(),
      creatorBought: 0n,
      creatorSold: 0n,
      raised: new Set(),
      holdersChanged: false,
      lastSlot: launch.slot,
      lastTEventMs: launch.tEventMs,
    });
    const times = this.launchesByCreator.get(launch.creator) ?? [];
    times.push(launch.tEventMs);
    this.launchesByCreator.set(launch.creator, times);
    const recent = times.filter(
      (t) => t > launch.tEventMs - this.thresholds.serialWindowMs && t <= launch.tEventMs,
    );
    if (recent.length < this.thresholds.serialLaunches) return [];
    return [
      {
        mint: launch.mint,
        flag: 'SERIAL_LAUNCHER',
        observation: 'launch',
        severity: recent.length >= 2 * this.thresholds.serialLaunches ? 'critical' : 'warn',
        value: String(recent.length),
        threshold: String(this.thresholds.serialLaunches),
        details: {
          creator: launch.creator,
          windowHours: Number(this.thresholds.serialWindowMs / 3_600_000n),
        },
        slot: launch.slot,
        tEventMs: launch.tEventMs,
      },
    ];
  }

  onTrade(t: {
    mint: string;
    signer: string;
    side: 'buy' | 'sell';
    tokenAmount: bigint;
    slot: bigint;
    tEventMs: bigint;
  }): RiskFlag[] {
    const m = this.mints.get(t.mint);
    if (m === undefined) return [];
    const flags: RiskFlag[] = [];
    const sign = t.side === 'buy' ? 1n : -1n;
    const held = (m.holders.get(t.signer) ?? 0n) + sign * t.tokenAmount;
    if (held > 0n) m.holders.set(t.signer, held);
    else m.holders.delete(t.signer);
    m.holdersChanged = true;
    m.lastSlot = t.slot > m.lastSlot ? t.slot : m.lastSlot;
    m.lastTEventMs = t.tEventMs > m.lastTEventMs ? t.tEventMs : m.lastTEventMs;
    if (t.signer === m.creator) {
      if (t.side === 'buy') m.creatorBought += t.tokenAmount;
      else m.creatorSold += t.tokenAmount;
      const dumpBps = m.creatorBought === 0n ? 0n : (m.creatorSold * 10_000n) / m.creatorBought;
      if (t.side === 'sell' && dumpBps >= this.thresholds.creatorDumpShare && !m.raised.has('dump')) {
        m.raised.add('dump');
        flags.push({
          mint: t.mint,
          flag: 'CREATOR_DUMPING',
          observation: 'creator-sold',
          severity: 'critical',
          value: share(m.creatorSold, m.creatorBought),
          threshold: bpsAsShare(this.thresholds.creatorDumpShare),
          details: { creator: m.creator, bought: m.creatorBought.toString(), sold: m.creatorSold.toString() },
          slot: t.slot,
          tEventMs: t.tEventMs,
        });
      }
    } else if (t.side === 'buy' && t.slot === m.launchSlot) {
      m.launchSlotBuyers.set(t.signer, (m.launchSlotBuyers.get(t.signer) ?? 0n) + t.tokenAmount);
      if (m.launchSlotBuyers.size >= this.thresholds.bundledBuyers && !m.raised.has('bundle')) {
        m.raised.add('bundle');
        const tokens = [...m.launchSlotBuyers.values()].reduce((s, v) => s + v, 0n);
        flags.push({
          mint: t.mint,
          flag: 'BUNDLED_LAUNCH',
          observation: 'launch-slot',
          severity: 'warn',
          value: String(m.launchSlotBuyers.size),
          threshold: String(this.thresholds.bundledBuyers),
          details: {
            buyers: [...m.launchSlotBuyers.keys()].sort(),
            tokens: tokens.toString(),
            supplyShare: share(tokens, m.supply),
          },
          slot: t.slot,
          tEventMs: t.tEventMs,
        });
      }
    }
    return flags;
  }

  /**
   * A holder snapshot of `mint` if its holdings changed since the last one, and the concentration flag when the
   * top-10 share reaches a level not raised before. Called once a minute of the mint closes.
   */
  snapshot(mint: string): { snapshot: HolderSnapshot | null; flags: RiskFlag[] } {
    const m = this.mints.get(mint);
    if (m === undefined || !m.holdersChanged) return { snapshot: null, flags: [] };
    m.holdersChanged = false;
    const sorted = [...m.holders.values()].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
    const top = (n: number) => sorted.slice(0, n).reduce((s, v) => s + v, 0n);
    const [top5, top10] = [top(5), top(10)];
    const snapshot: HolderSnapshot = {
      mint,
      slot: m.lastSlot,
      tEventMs: m.lastTEventMs,
      holders: sorted.length,
      top5Share: share(top5, m.supply),
      top10Share: share(top10, m.supply),
    };
    const bps = m.supply <= 0n ? 0n : (top10 * 10_000n) / m.supply;
    const level =
      bps >= this.thresholds.top10CriticalBps
        ? ('critical' as const)
        : bps >= this.thresholds.top10WarnBps
          ? ('warn' as const)
          : null;
    if (level === null || m.raised.has(`top10-${level}`)) return { snapshot, flags: [] };
    m.raised.add(`top10-${level}`);
    return {
      snapshot,
      flags: [
        {
          mint,
          flag: 'HOLDER_CONCENTRATION',
          observation: `top10-${level}`,
          severity: level,
          value: snapshot.top10Share,
          threshold: bpsAsShare(
            level === 'critical' ? this.thresholds.top10CriticalBps : this.thresholds.top10WarnBps,
          ),
          details: {
            holders: snapshot.holders,
            top5Share: snapshot.top5Share,
            top10Share: snapshot.top10Share,
          },
          slot: m.lastSlot,
          tEventMs: m.lastTEventMs,
        },
      ],
    };
  }

  isKnown(mint: string): boolean {
    return this.mints.has(mint);
  }
}
