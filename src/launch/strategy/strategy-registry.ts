import { OofError } from '../../core/errors/oof-error.ts';
import { createFlowStrategy, type Strategy } from './flow-strategy.ts';
import { FLOW_V1, parseFlowStrategyConfig } from './strategy-config.ts';
import type { StrategyState } from './strategy-state.ts';

/** The strategies `oof strategy`, `oof replay` and `oof backtest` can run, by name (= strategy id). */
const STRATEGIES: Readonly<Record<string, (state?: StrategyState) => Strategy>> = {
  'flow-v1': (state) => createFlowStrategy(parseFlowStrategyConfig(FLOW_V1), state),
};

export const STRATEGY_NAMES = Object.keys(STRATEGIES);
export const DEFAULT_STRATEGY = 'flow-v1';

export function createStrategy(name: string, state?: StrategyState): Strategy {
  const make = STRATEGIES[name];
  if (make === undefined) {
    throw new OofError(
      'CONFIG_INVALID',
      `unknown strategy ${JSON.stringify(name)}: choose one of ${STRATEGY_NAMES.join(', ')}.`,
      { strategy: name },
    );
  }
  return make(state);
}
