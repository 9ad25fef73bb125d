/** An OOF moment: one detector trigger, with everything needed to show, rank and audit it. */
export const MOMENT_KINDS = ['s2e', 'bhd', 'bad_route', 'idle_yield', 'rug'] as const;
export type MomentKind = (typeof MOMENT_KINDS)[number];

export type MomentStatus = 'provisional' | 'final';

export interface MomentProvenance {
  /** `signature` of the wallet event the moment is about. */
  readonly sigRef: string;
  /** Slot of that event as a decimal string, null when the recording had none. */
  readonly slotRef: string | null;
  readonly priceSource: string;
  readonly confidence: number;
}

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [k: string]: JsonValue };

export interface Moment {
  /** Natural key (SPEC §1): `${wallet}:${kind}:${sourceEvent}:${detectorVersion}`. */
  readonly id: string;
  readonly wallet: string;
  readonly kind: MomentKind;
  readonly mint: string;
  /** `${signature}:${index}` of the wallet event. */
  readonly sourceEvent: string;
  readonly detectorVersion: string;
  /** Unix seconds of the event. */
  readonly tEvent: number;
  /** Missed or lost USD, decimal string. */
  readonly usd: string;
  /** Detector-specific ratio (S2E upside, BHD drawdown, route worse %, ...), decimal string. */
  readonly pct: string;
  /** 0..1, decimal string. */
  readonly severity: string;
  readonly status: MomentStatus;
  readonly provenance: MomentProvenance;
  /** The inputs the detector used, as decimal strings. */
  readonly explain: { readonly [k: string]: JsonValue };
}

export interface MomentSource {
  readonly signature: string;
  readonly index: number;
  readonly slot: bigint | null;
}

export type MomentFields = Omit<Moment, 'id' | 'sourceEvent' | 'status' | 'provenance'> & {
  readonly source: MomentSource;
  /** Appended to the source event in the id when one event can be the source of several moments of a kind. */
  readonly idSuffix?: string;
  readonly windowEnd: number;
  readonly now: number;
  readonly priceSource: string;
  readonly confidence: number;
};

/** Builds a moment; it stays provisional while its observation window is still open at `now`. */
export function moment(f: MomentFields): Moment {
  const sourceEvent = `${f.source.signature}:${f.source.index}`;
  return {
    id: `${f.wallet}:${f.kind}:${sourceEvent}${f.idSuffix ?? ''}:${f.detectorVersion}`,
    wallet: f.wallet,
    kind: f.kind,
    mint: f.mint,
    sourceEvent,
    detectorVersion: f.detectorVersion,
    tEvent: f.tEvent,
    usd: f.usd,
    pct: f.pct,
    severity: f.severity,
    status: f.now < f.windowEnd ? 'provisional' : 'final',
    provenance: {
      sigRef: f.source.signature,
      slotRef: f.source.slot === null ? null : f.source.slot.toString(),
      priceSource: f.priceSource,
      confidence: f.confidence,
    },
    explain: f.explain,
  };
}
