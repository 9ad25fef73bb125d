import type { NormalizedInstruction } from '../transaction/normalized-transaction.ts';
import type { EventEmission } from './event-emission.ts';

const BASE58_ID = '[1-9A-HJ-NP-Za-km-z]{32,44}';
const INVOKE = new RegExp(`^Program (${BASE58_ID}) invoke \\[(\\d{1,3})\\]$`);
const SUCCESS = new RegExp(`^Program (${BASE58_ID}) success$`);
const FAILED = new RegExp(`^Program (${BASE58_ID}) failed: `);
const DATA_PREFIX = 'Program data: ';
// `sol_log_data` writes each slice as standard padded base64, slices separated by spaces. Anchor's `emit!`
// logs one slice (discriminator ++ payload); several slices are not an Anchor event.
const ONE_BASE64_SLICE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * `Program data:` lines (Anchor `emit!`), each attributed to the program executing when it was written.
 *
 * The runtime writes `Program <id> invoke [depth]` when a program starts and `Program <id> success` or
 * `Program <id> failed: …` when it ends, and a program's own output is always prefixed (`Program log:`,
 * `Program data:`), so it cannot forge these lines: the top of the invoke stack is the emitter. That is what
 * stops another program from logging a fake pump.fun event.
 *
 * Invokes are also matched to the flattened instructions (depth 1 to the next outer instruction of that
 * program, deeper ones to the next inner instruction of that program in the same outer instruction), which
 * gives each line an execution position comparable with self-CPI events. Matching by program id rather
 * than by count tolerates instructions that log no invoke line (precompiles). If a depth-1 invoke matches
 * no instruction, the logs and the instructions disagree; lines are dropped until the next one that matches.
 * After `Log truncated` (the runtime's 10 KB log cap) nothing more can be attributed.
 */
export function readProgramDataLogs(
  logMessages: readonly string[],
  instructions: readonly NormalizedInstruction[],
): EventEmission[] {
  const out: EventEmission[] = [];
  const outerPositions: number[] = [];
  instructions.forEach((ix, i) => {
    if (ix.innerIndex === null) outerPositions.push(i);
  });

  const stack: string[] = [];
  let nextOuter = 0; // index into outerPositions of the next candidate outer instruction
  let current: number | null = null; // position of the most recently invoked instruction, null when unaligned
  let nextInner = 0; // position of the next candidate inner instruction

  for (const line of logMessages) {
    if (line.startsWith(DATA_PREFIX)) {
      const programId = stack.at(-1);
      const ix = current === null ? undefined : instructions[current];
      const payload = line.slice(DATA_PREFIX.length);
      if (programId === undefined || programId === '' || ix === undefined || current === null) continue;
      if (payload.length === 0 || !ONE_BASE64_SLICE.test(payload)) continue;
      const bytes = new Uint8Array(Buffer.from(payload, 'base64'));
      out.push({ source: 'log', programId, outerIndex: ix.outerIndex, position: current, bytes });
      continue;
    }
    if (line === 'Log truncated') break;

    const invoke = INVOKE.exec(line);
    if (invoke !== null) {
      const programId = invoke[1] ?? '';
      const depth = Number(invoke[2]);
      if (depth < 1) continue;
      // Re-synchronise on an inconsistent depth: drop frames that never closed, pad frames we never saw.
      while (stack.length > depth - 1) stack.pop();
      while (stack.length < depth - 1) stack.push('');
      stack.push(programId);

      if (depth === 1) {
        let k = nextOuter;
        while (k < outerPositions.length && instructions[outerPositions[k] ?? -1]?.programId !== programId)
          k += 1;
        const position = outerPositions[k];
        if (position === undefined) {
          current = null;
        } else {
          current = position;
          nextOuter = k + 1;
          nextInner = position + 1;
        }
      } else if (current !== null) {
        const outerIndex = instructions[current]?.outerIndex;
        for (let j = nextInner; j < instructions.length; j += 1) {
          const ix = instructions[j];
          if (ix === undefined || ix.innerIndex === null || ix.outerIndex !== outerIndex) break;
          if (ix.programId === programId) {
            current = j;
            nextInner = j + 1;
            break;
          }
        }
        // No match (inner instructions not recorded): keep the last position, still in the right outer.
      }
      continue;
    }

    const end = SUCCESS.exec(line) ?? FAILED.exec(line);
    if (end !== null) {
      const at = stack.lastIndexOf(end[1] ?? '');
      if (at >= 0) stack.length = at;
    }
  }
  return out;
}
