import { displaySymbol, formatDateUtc, formatPrice, formatShortDateUtc, shortTxLink } from './card-format.ts';
import { div, svgEl, text, type CardChild, type CardElement } from './card-element.ts';
import type { CardPalette } from './card-theme.ts';
import { momentHeadline } from './moment-headline.ts';
import type { CardSize, MomentCardInput } from './moment-card-input.ts';
import { sparklineGeometry, type SparklineGeometry } from './sparkline.ts';

/** Pixel layout of one size; every box is explicit so long text cannot push the chart off the card. */
interface Layout {
  readonly width: number;
  readonly height: number;
  readonly pad: number;
  readonly gap: number;
  readonly direction: 'row' | 'column';
  readonly leftWidth: number;
  readonly chart: { readonly width: number; readonly height: number };
  readonly figureMax: number;
  readonly titleSize: number;
  readonly usdSize: number;
  readonly captionSize: number;
  readonly logo: number;
}

const LAYOUTS: Readonly<Record<CardSize, Layout>> = {
  og: {
    width: 1200,
    height: 630,
    pad: 48,
    gap: 24,
    direction: 'row',
    leftWidth: 480,
    chart: { width: 592, height: 392 },
    figureMax: 112,
    titleSize: 34,
    usdSize: 38,
    captionSize: 24,
    logo: 56,
  },
  square: {
    width: 1080,
    height: 1080,
    pad: 64,
    gap: 28,
    direction: 'column',
    leftWidth: 952,
    chart: { width: 952, height: 392 },
    figureMax: 140,
    titleSize: 42,
    usdSize: 46,
    captionSize: 28,
    logo: 64,
  },
};

/** Inter 800 digits and signs are about 0.6 em wide: shrink the figure so it always fits its column. */
function figureSize(figure: string, columnWidth: number, max: number): number {
  return Math.min(max, Math.floor(columnWidth / (figure.length * 0.62)));
}

/** The whole card as a satori element tree. Pure: same input, same tree. */
export function momentCardElement(
  input: MomentCardInput,
  size: CardSize,
  p: CardPalette,
  /** A checked `data:` URL (see `safeLogoDataUrl`), or null for the monogram. */
  logoUrl: string | null,
): CardElement {
  const L = LAYOUTS[size];
  const accent = p.kind[input.kind];
  const head = momentHeadline(input.kind, input.pct, input.usd, input.idleDays);
  const symbol = displaySymbol(input.symbol, input.mint);

  const header = div({ width: '100%', alignItems: 'center', justifyContent: 'space-between' }, [
    div({ alignItems: 'center', gap: 18 }, [
      logo(logoUrl, symbol, L.logo, accent, p),
      text({ fontSize: L.logo * 0.6, fontWeight: 800, letterSpacing: -0.5 }, symbol),
      input.status === 'provisional'
        ? text(
            {
              fontSize: 18,
              fontWeight: 600,
              color: p.muted,
              border: `2px solid ${p.border}`,
              borderRadius: 999,
              padding: '4px 14px',
            },
            'window still open',
          )
        : null,
    ]),
    div({ alignItems: 'center', gap: 10 }, [
      div({ width: 14, height: 14, borderRadius: 7, backgroundColor: accent }),
      text({ fontSize: 30, fontWeight: 800, letterSpacing: 1 }, 'OOF'),
    ]),
  ]);

  const figSize = figureSize(head.figure, L.leftWidth, L.figureMax);
  const story = div({ flexDirection: 'column', width: L.leftWidth, justifyContent: 'center' }, [
    text({ fontSize: L.titleSize, fontWeight: 700, color: accent }, head.title),
    text(
      { fontSize: figSize, fontWeight: 800, letterSpacing: -figSize * 0.035, lineHeight: 1.05, marginTop: 6 },
      head.figure,
    ),
    text({ fontSize: L.captionSize, fontWeight: 600, color: p.muted, marginTop: 2 }, head.caption),
    text(
      {
        fontSize: Math.min(L.usdSize, Math.floor(L.leftWidth / (head.usdLine.length * 0.57))),
        fontWeight: 800,
        whiteSpace: 'nowrap',
        marginTop: size === 'og' ? 26 : 22,
      },
      head.usdLine,
    ),
    input.episode === undefined
      ? null
      : div({ marginTop: 18 }, [
          text(
            {
              fontSize: 20,
              fontWeight: 600,
              color: p.text,
              backgroundColor: p.backgroundAccent,
              border: `2px solid ${p.border}`,
              borderRadius: 999,
              padding: '6px 16px',
            },
            `episode ${input.episode.n} of ${displaySymbol(input.episode.symbol, input.mint)}`,
          ),
        ]),
  ]);

  const footer = div(
    { width: '100%', justifyContent: 'space-between', alignItems: 'center', fontSize: 20, color: p.muted },
    [
      text({ fontWeight: 600 }, shortTxLink(input.sigRef)),
      text({ fontWeight: 600 }, formatDateUtc(input.tEvent)),
    ],
  );

  return div(
    {
      width: L.width,
      height: L.height,
      flexDirection: 'column',
      justifyContent: 'space-between',
      padding: L.pad,
      fontFamily: 'Inter',
      color: p.text,
      backgroundColor: p.background,
      backgroundImage: `radial-gradient(circle at 0% 0%, ${p.backgroundAccent} 0%, ${p.background} 60%)`,
    },
    [
      header,
      div({ flexDirection: L.direction, gap: L.gap, width: '100%' }, [
        story,
        chartPanel(input, L, p, accent),
      ]),
      footer,
    ],
  );
}

function logo(url: string | null, symbol: string, px: number, accent: string, p: CardPalette): CardElement {
  if (url !== null) {
    return {
      type: 'img',
      props: { src: url, width: px, height: px, style: { borderRadius: px / 2 } },
    };
  }
  const letters = symbol.replace(/[^A-Za-z0-9]/g, '').slice(0, 1) || '?';
  return div(
    {
      width: px,
      height: px,
      borderRadius: px / 2,
      alignItems: 'center',
      justifyContent: 'center',
      backgroundColor: accent,
      color: p.markerRing,
      fontSize: Math.round(px * 0.5),
      fontWeight: 800,
    },
    letters.toUpperCase(),
  );
}

const LABEL_TOP = 58;
const DATE_BAND = 40;

function chartPanel(input: MomentCardInput, L: Layout, p: CardPalette, accent: string): CardElement {
  const { width, height } = L.chart;
  const plotH = height - LABEL_TOP - DATE_BAND;
  const geo = sparklineGeometry(input.candles, input.markers, input.span, {
    width,
    height: plotH,
    inset: 12,
  });
  const panel = {
    position: 'relative',
    width,
    height,
    borderRadius: 24,
    backgroundColor: p.surface,
    border: `2px solid ${p.border}`,
    overflow: 'hidden',
  } as const;
  if (geo === null) {
    return div({ ...panel, alignItems: 'center', justifyContent: 'center' }, [
      text({ fontSize: 22, fontWeight: 600, color: p.muted }, 'No price history for this window'),
    ]);
  }
  const times = input.candles.map((c) => c.t).concat(input.markers.map((m) => m.t));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  return div(panel, [
    chartSvg(geo, width, height, plotH, p, accent),
    ...markerLabels(geo, width, height, p),
    text(
      { position: 'absolute', left: 20, bottom: 12, fontSize: 17, fontWeight: 600, color: p.muted },
      formatShortDateUtc(t0),
    ),
    text(
      { position: 'absolute', right: 20, bottom: 12, fontSize: 17, fontWeight: 600, color: p.muted },
      formatShortDateUtc(t1),
    ),
  ]);
}

function chartSvg(
  geo: SparklineGeometry,
  width: number,
  height: number,
  plotH: number,
  p: CardPalette,
  accent: string,
): CardElement {
  const grid = [0.25, 0.5, 0.75].map((f) =>
    svgEl('line', {
      x1: 0,
      x2: width,
      y1: Math.round(plotH * f),
      y2: Math.round(plotH * f),
      stroke: p.grid,
      'stroke-width': 2,
    }),
  );
  const span =
    geo.span === undefined
      ? []
      : [
          svgEl('rect', {
            x: geo.span.x0,
            y: -LABEL_TOP,
            width: Math.max(2, geo.span.x1 - geo.span.x0),
            height: height,
            fill: accent,
            'fill-opacity': 0.1,
          }),
        ];
  const stems = geo.markers.map((m) =>
    svgEl('line', {
      x1: m.x,
      x2: m.x,
      y1: m.y,
      y2: plotH,
      stroke: p.marker[m.role],
      'stroke-width': 2,
      'stroke-dasharray': '4 6',
      'stroke-opacity': 0.7,
    }),
  );
  const dots = geo.markers.flatMap((m) => [
    svgEl('circle', { cx: m.x, cy: m.y, r: 13, fill: p.marker[m.role], 'fill-opacity': 0.22 }),
    svgEl('circle', {
      cx: m.x,
      cy: m.y,
      r: 7,
      fill: p.marker[m.role],
      stroke: p.markerRing,
      'stroke-width': 3,
    }),
  ]);
  return svgEl(
    'svg',
    { width, height, viewBox: `0 0 ${width} ${height}`, style: 'position:absolute;left:0;top:0' },
    [
      svgEl('defs', {}, [
        svgEl('linearGradient', { id: 'fill', x1: 0, y1: 0, x2: 0, y2: 1 }, [
          svgEl('stop', { offset: '0%', 'stop-color': accent, 'stop-opacity': 0.35 }),
          svgEl('stop', { offset: '100%', 'stop-color': accent, 'stop-opacity': 0 }),
        ]),
      ]),
      svgEl('g', { transform: `translate(0 ${LABEL_TOP})` }, [
        ...grid,
        ...span,
        svgEl('path', { d: geo.area, fill: 'url(#fill)' }),
        svgEl('path', {
          d: geo.line,
          fill: 'none',
          stroke: accent,
          'stroke-width': 3.5,
          'stroke-linejoin': 'round',
          'stroke-linecap': 'round',
        }),
        ...stems,
        ...dots,
      ]),
    ],
  );
}

/**
 * One pill per marker ("Sold $0.00001820"): above its dot when there is room, else below, else beside it,
 * avoiding every dot and every pill placed before it (two markers of one minute, like a fill and the best
 * price, must not hide each other).
 */
function markerLabels(geo: SparklineGeometry, width: number, height: number, p: CardPalette): CardChild[] {
  type Box = { x: number; y: number; w: number; h: number };
  const h = 34;
  const taken: Box[] = geo.markers.map((m) => ({ x: m.x - 14, y: m.y + LABEL_TOP - 14, w: 28, h: 28 }));
  const clampX = (x: number, w: number): number => Math.min(Math.max(x, 8), width - w - 8);
  return geo.markers.map((m) => {
    const label = `${m.label} ${formatPrice(m.priceUsd)}`;
    const w = Math.ceil(label.length * 10.4 + 40);
    const dotY = m.y + LABEL_TOP;
    const mid = clampX(m.x - w / 2, w);
    const candidates: Box[] = [
      { x: mid, y: dotY - 24 - h, w, h },
      { x: mid, y: dotY + 24, w, h },
      { x: clampX(m.x + 22, w), y: dotY - h / 2, w, h },
      { x: clampX(m.x - 22 - w, w), y: dotY - h / 2, w, h },
      { x: mid, y: dotY - 30 - 2 * h, w, h },
      { x: mid, y: dotY + 30 + h, w, h },
    ];
    const fits = (b: Box): boolean => b.y >= 8 && b.y + b.h <= height - DATE_BAND;
    const free = (b: Box): boolean =>
      taken.every((o) => b.x + b.w <= o.x || o.x + o.w <= b.x || b.y + b.h <= o.y || o.y + o.h <= b.y);
    const box = candidates.find((c) => fits(c) && free(c)) ?? candidates.find(fits) ?? { x: mid, y: 8, w, h };
    taken.push(box);
    return div(
      {
        position: 'absolute',
        left: Math.round(box.x),
        top: Math.round(box.y),
        height: h,
        alignItems: 'center',
        gap: 8,
        padding: '0 14px',
        borderRadius: 999,
        backgroundColor: p.surface,
        border: `2px solid ${p.marker[m.role]}`,
        fontSize: 17,
        fontWeight: 700,
        color: p.text,
      },
      [div({ width: 9, height: 9, borderRadius: 5, backgroundColor: p.marker[m.role] }), label],
    );
  });
}
