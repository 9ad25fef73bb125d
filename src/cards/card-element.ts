/**
 * Satori's element tree in its plain-object form (`{ type, props }`), so cards need neither React nor JSX.
 * Styles are the CSS subset satori implements (flexbox only: every `div` with several children says how it
 * lays them out).
 */
export type CardStyle = Readonly<Record<string, string | number>>;

export interface CardElement {
  readonly type: string;
  readonly props: Readonly<Record<string, unknown>> & {
    readonly children?: CardChild | readonly CardChild[];
  };
}
export type CardChild = CardElement | string | null;

export function div(style: CardStyle, children: CardChild | readonly CardChild[] = []): CardElement {
  return { type: 'div', props: { style: { display: 'flex', boxSizing: 'border-box', ...style }, children } };
}

export function text(style: CardStyle, content: string): CardElement {
  return { type: 'div', props: { style: { display: 'flex', ...style }, children: content } };
}

/** An SVG element (inside an `svg`): attributes as given. */
export function svgEl(
  type: string,
  attrs: Readonly<Record<string, string | number>>,
  children: readonly CardElement[] = [],
): CardElement {
  return { type, props: { ...attrs, children } };
}
