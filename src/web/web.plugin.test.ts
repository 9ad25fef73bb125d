import Fastify, { type FastifyInstance } from 'fastify';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandler } from '../api/error-handler.ts';
import { clientBundle, webPlugin } from './web.plugin.ts';

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  installErrorHandler(app);
  app.get('/v1/health', () => ({ status: 'ok' }));
  app.get('/metrics', () => 'metrics');
  await app.register(webPlugin);
});
afterAll(() => app.close());

describe('web plugin', () => {
  it('serves index.html, never cached, on every client route', async () => {
    for (const url of [
      '/',
      '/analyze',
      '/analyze/6rwkEATAcUzGb1yTZMSkwRKGZfvYQFovihFg2duBFU2o?job=x',
      '/desk/signals',
      '/moments/a%3Ab',
    ]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toMatch(/<script type="module" src="\/assets\/main-[A-Z0-9]+\.js"><\/script>/);
    }
  });

  it('never shadows the API: /v1, /metrics and unknown API routes answer as the API does', async () => {
    expect((await app.inject({ url: '/v1/health' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ url: '/metrics' })).body).toBe('metrics');
    const missing = await app.inject({ url: '/v1/nothing' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'ROUTE_NOT_FOUND' });
    expect((await app.inject({ url: '/unknown-page' })).statusCode).toBe(404);
  });

  it('serves content-hashed assets for a year, gzipped when asked, with ETag revalidation', async () => {
    const index = (await app.inject({ url: '/' })).body;
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1];
    const style = /href="(\/assets\/[^"]+\.css)"/.exec(index)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    const plain = await app.inject({ url: script! });
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const gz = await app.inject({ url: script!, headers: { 'accept-encoding': 'gzip, br' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
    const again = await app.inject({
      url: script!,
      headers: { 'if-none-match': String(plain.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    const gone = await app.inject({ url: '/assets/main-OLD.js' });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ error: 'ASSET_NOT_FOUND' });
  });

  it('keeps the first load under 100 KB gzip (HTML, entry script, stylesheet)', async () => {
    const bundle = await clientBundle();
    expect(bundle.initialGzipBytes).toBeLessThan(100 * 1024);
    // Minified: no source-map comment, no long runs of indentation.
    const js = [...bundle.assets.values()].find((a) => a.name.endsWith('.js'))!;
    expect(js.body.toString()).not.toMatch(/\n {4}/);
  });
});
