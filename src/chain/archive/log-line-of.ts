import type { LogLine } from './archive-lines.ts';
import { transactionError } from './transaction-accounts.ts';

// "Program <id> invoke [<depth>]": the runtime's line for every program invocation, CPIs included.
const INVOKE = /^Program ([1-9A-HJ-NP-Za-km-z]{32,44}) invoke \[\d+\]$/;

/**
 * The logsNotification a node would have sent for a transaction: its `logMessages`, its error, and as
 * `mentions` the programs it invoked (outer and inner, in first-invocation order). A node delivers the
 * notification to every `mentions` subscription of any account the transaction loads; the replay server
 * applies that rule itself, so `mentions` here records the programs for readers of the archive.
 */
export function logLineOf(
  signature: string,
  slot: string,
  result: Readonly<Record<string, unknown>>,
): LogLine {
  const meta = result.meta as { logMessages?: unknown } | null | undefined;
  const logs = Array.isArray(meta?.logMessages)
    ? (meta.logMessages as unknown[]).filter((l): l is string => typeof l === 'string')
    : [];
  const mentions: string[] = [];
  for (const line of logs) {
    const m = INVOKE.exec(line);
    if (m !== null && !mentions.includes(m[1] as string)) mentions.push(m[1] as string);
  }
  return { slot, signature, err: transactionError(result), logs, mentions };
}
