import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { OofError } from '../core/errors/oof-error.ts';

/** One built file of the web client, kept in memory with its gzip form. */
export interface ClientAsset {
  /** Content-hashed name, e.g. `main-3F2A9C1B.js`. */
  readonly name: string;
  readonly contentType: string;
  readonly body: Buffer;
  readonly gzip: Buffer;
  readonly etag: string;
}

export interface ClientBundle {
  /** `index.html`, referencing the hashed assets. */
  readonly index: ClientAsset;
  readonly assets: ReadonlyMap<string, ClientAsset>;
  /** gzip bytes of what the first load fetches (the HTML, the entry script and its stylesheet). */
  readonly initialGzipBytes: number;
  readonly buildMs: number;
}

const ENTRY = fileURLToPath(new URL('./client/main.tsx', import.meta.url));
const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

function asset(name: string, body: Buffer): ClientAsset {
  const ext = name.slice(name.lastIndexOf('.'));
  return {
    name,
    contentType: TYPES[ext] ?? 'application/octet-stream',
    body,
    gzip: gzipSync(body, { level: 9 }),
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
  };
}

function indexHtml(script: string, style: string | undefined): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="dark">',
    '<meta name="theme-color" content="#0B0F17">',
    '<title>OOF</title>',
    '<link rel="icon" href="data:,">',
    '<meta name="description" content="OOF: Solana wallet analytics, copy trading and launch radar">',
    style === undefined ? '' : `<link rel="stylesheet" href="/assets/${style}">`,
    `<script type="module" src="/assets/${script}"></script>`,
    '</head>',
    '<body>',
    '<div id="app"><noscript>OOF needs JavaScript.</noscript></div>',
    '</body>',
    '</html>',
  ].join('\n');
}

/**
 * Bundles the Preact client (src/web/client) with esbuild in memory: minified, content-hashed names, one
 * stylesheet. Runs at server start (no separate build step); a compile error stops the start naming the file.
 */
export async function buildClientBundle(): Promise<ClientBundle> {
  const started = performance.now();
  let result;
  try {
    result = await build({
      entryPoints: [ENTRY],
      bundle: true,
      write: false,
      minify: true,
      format: 'esm',
      target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
      jsx: 'automatic',
      jsxImportSource: 'preact',
      outdir: '/assets',
      entryNames: '[name]-[hash]',
      assetNames: '[name]-[hash]',
      legalComments: 'none',
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"production"' },
    });
  } catch (e) {
    throw new OofError(
      'INVARIANT_BROKEN',
      `The web client in src/web/client did not compile: ${(e as Error).message.slice(0, 2000)} — fix the file named above.`,
      {},
      e,
    );
  }
  const assets = new Map<string, ClientAsset>();
  let script: string | undefined;
  let style: string | undefined;
  for (const file of result.outputFiles) {
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    assets.set(name, asset(name, Buffer.from(file.contents)));
    if (name.endsWith('.js')) script = name;
    if (name.endsWith('.css')) style = name;
  }
  if (script === undefined) {
    throw new OofError('INVARIANT_BROKEN', 'esbuild produced no script for src/web/client/main.tsx', {});
  }
  const index = asset('index.html', Buffer.from(indexHtml(script, style)));
  const initialGzipBytes =
    index.gzip.length +
    (assets.get(script)?.gzip.length ?? 0) +
    (style === undefined ? 0 : (assets.get(style)?.gzip.length ?? 0));
  return { index, assets, initialGzipBytes, buildMs: performance.now() - started };
}
