import type { z } from 'zod';
import { OofError } from '../../core/errors/oof-error.ts';

/** Parses and validates one archive line (or an already parsed value), naming the file and line on failure. */
export function parseLine<S extends z.ZodType>(
  schema: S,
  text: unknown,
  file: string,
  lineNumber: number | null,
  parse: (text: string) => unknown,
): z.output<S> {
  const value = typeof text === 'string' ? parseJsonLine(text, file, lineNumber, parse) : text;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw archiveInvalid(
    file,
    lineNumber,
    `${issue?.path.join('.') || '(line)'}: ${issue?.message ?? 'unexpected shape'}`,
  );
}

export function archiveInvalid(file: string, lineNumber: number | null, what: string): OofError {
  const where = lineNumber === null ? file : `${file} line ${lineNumber}`;
  return new OofError(
    'ARCHIVE_INVALID',
    `${where}: ${what}. The archive does not follow docs/chain-archive.md; write it again with an up-to-date tool.`,
    { file, line: lineNumber },
  );
}

export function parseJsonLine(
  text: string,
  file: string,
  lineNumber: number | null,
  parse: (text: string) => unknown,
): unknown {
  try {
    return parse(text);
  } catch (e) {
    throw archiveInvalid(file, lineNumber, `not JSON (${(e as Error).message})`);
  }
}
