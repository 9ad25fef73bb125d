import type { Explanation } from './explanation.ts';
import { AGGREGATOR_EXPLANATIONS } from './explanations-aggregators.ts';
import { LAUNCHPAD_EXPLANATIONS } from './explanations-launchpads.ts';
import { OTHER_EXPLANATIONS } from './explanations-other.ts';

/**
 * Every investigated disagreement, keyed by signature (split by venue family only to keep files short).
 * `docs/peer-report.md` is regenerated from this map; edit the explanations, never the report.
 */
export const EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  ...LAUNCHPAD_EXPLANATIONS,
  ...AGGREGATOR_EXPLANATIONS,
  ...OTHER_EXPLANATIONS,
};
