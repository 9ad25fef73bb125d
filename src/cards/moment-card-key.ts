import { createHash } from 'node:crypto';
import type { CardOptions } from './moment-card-input.ts';

/** File systems cap a name at 255 bytes: longer escaped ids are stored under their sha256 instead. */
const MAX_ESCAPED = 200;

/**
 * Object key of a stored card: `cards/moments/<id>.png` for the default (dark, og) as SPEC §3 names it, and
 * `cards/moments/<id>-<theme>-<size>.png` for the others. Moment ids hold `:` and `@`, which object keys do
 * not allow, so every byte of the id outside `[A-Za-z0-9_]` is written `=XX` (upper-case hex): injective, and
 * readable for the usual ids. An id whose escaped form is longer than 200 bytes (an idle-yield window carries the
 * event that closed it) is keyed `h-<sha256 of the id>` instead, so every key fits a file name.
 */
export function momentCardKey(id: string, options: CardOptions = {}): string {
  const theme = options.theme ?? 'dark';
  const size = options.size ?? 'og';
  const escaped = [...Buffer.from(id, 'utf8')]
    .map((b) =>
      (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f
        ? String.fromCharCode(b)
        : `=${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
  const variant = theme === 'dark' && size === 'og' ? '' : `-${theme}-${size}`;
  const name =
    escaped.length <= MAX_ESCAPED ? escaped : `h-${createHash('sha256').update(id, 'utf8').digest('hex')}`;
  return `cards/moments/${name}${variant}.png`;
}

export function isDefaultCard(options: CardOptions): boolean {
  return (options.theme ?? 'dark') === 'dark' && (options.size ?? 'og') === 'og';
}
