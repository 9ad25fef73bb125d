/**
 * `npm run screenshots -- [--out DIR]`: starts `oof start` on a fresh data folder (the simulated market),
 * drives the web app in headless chromium through its own inputs (wallet sign-in, the analyze form, the
 * watchlist form, a Helius webhook delivery of a real pump.fun buy) and writes a PNG of every view at desktop
 * (1280×800) and mobile (390×844) sizes into DIR (default ./screenshots). Progress on stderr.
 */
import { mkdirSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { injectWallet, launchChromium } from '../src/web/testing/browser.ts';
import { deliverHeliusWebhook } from '../src/web/testing/deliver-webhook.ts';
import { startOof, type OofProcess } from '../src/web/testing/oof-process.ts';
import { createTestWallet, type TestWallet } from '../src/web/testing/test-wallet.ts';
import { findRpcTransaction, rpcIndex, sharedDataAvailable } from '../test/support/shared-data.ts';

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'mobile', width: 390, height: 844 },
] as const;

/** A real pump.fun buy of the recorded mainnet data and its buyer (the copy-trading flow's source wallet). */
export const WEBHOOK_BUY = {
  signaturePrefix: '4U8kypMuCUCk',
  buyer: 'EfbbhahGNuhqEraRZXrwETfsaKxScngEttdQixWAW4WE',
} as const;

function parseArgs(argv: readonly string[]): { out: string } {
  let out = 'screenshots';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') {
      const v = argv[++i];
      if (v === undefined) throw new Error('--out needs a folder, e.g. --out screenshots');
      out = v;
    } else if (a?.startsWith('--out=') === true) out = a.slice(6);
    else if (a === '--help' || a === '-h') {
      process.stdout.write('npm run screenshots -- [--out DIR]   (default ./screenshots)\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a}: use --out DIR`);
  }
  return { out: resolve(out) };
}

const log = (line: string): void => void process.stderr.write(`screenshots: ${line}\n`);

async function signIn(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/analyze`);
  await page.getByRole('button', { name: 'Sign in with wallet' }).click();
  await page.getByText('Signed in as').waitFor();
}

async function shoot(page: Page, out: string, name: string): Promise<void> {
  // Eager images (cards) loaded; not `networkidle`: the desk keeps a live stream open.
  await page
    .waitForFunction(() => [...document.images].every((i) => i.loading === 'lazy' || i.complete), undefined, {
      timeout: 15_000,
    })
    .catch(() => log(`${name}: some images did not load within 15 s`));
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
  log(`wrote ${name}.png`);
}

async function prepare(
  oof: OofProcess,
  browser: Browser,
  operator: TestWallet,
  wallet: string,
): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await injectWallet(page, operator);
  await signIn(page, oof.baseUrl);
  log(`analyzing ${wallet} through the form`);
  await page.getByLabel('Wallet address').fill(wallet);
  await page.getByRole('button', { name: 'Analyze' }).click();
  await page.getByTestId('progress-line').filter({ hasText: /^Done/ }).waitFor({ timeout: 60_000 });
  if (sharedDataAvailable()) {
    log('adding the pump.fun buyer to the watchlist and delivering its buy to the webhook');
    await page.goto(`${oof.baseUrl}/desk/watchlist`);
    await page.getByLabel('Address').fill(WEBHOOK_BUY.buyer);
    await page.getByLabel('Label').fill('pump.fun buyer');
    await page.getByRole('button', { name: 'Add to watchlist' }).click();
    await page.getByTestId('watchlist').waitFor();
    const row = rpcIndex().find((r) => r.signature.startsWith(WEBHOOK_BUY.signaturePrefix));
    if (row !== undefined)
      await deliverHeliusWebhook(oof.baseUrl, oof.webhookAuth, [findRpcTransaction(row)]);
  } else {
    log('../shared/data is missing: the desk views are shown without a signal');
  }
  await context.close();
}

async function main(): Promise<void> {
  const { out } = parseArgs(process.argv.slice(2));
  mkdirSync(out, { recursive: true });
  log('starting oof start (simulated market) and chromium');
  const [oof, browser] = await Promise.all([startOof({ onProgress: log }), launchChromium()]);
  try {
    const manifest = JSON.parse(
      readFileSync(join(oof.dataDir, 'archive', 'oof-embedded', 'manifest.json'), 'utf8'),
    ) as { wallets: { address: string; roles: string[] }[] };
    const wallet = manifest.wallets.find((w) => w.roles.includes('re-entry'))?.address;
    if (wallet === undefined) throw new Error('the simulated market has no re-entry wallet');
    const operator = createTestWallet();
    await prepare(oof, browser, operator, wallet);
    const moments = (await (await fetch(`${oof.baseUrl}/v1/moments?wallet=${wallet}&limit=200`)).json()) as {
      moments: { id: string; usd: string }[];
    };
    const top = [...moments.moments].sort((a, b) => Number(b.usd) - Number(a.usd))[0];
    for (const vp of VIEWPORTS) {
      const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height } });
      const anonymous = await context.newPage();
      await anonymous.goto(`${oof.baseUrl}/analyze`);
      await shoot(anonymous, out, `${vp.name}-analyze-empty`);
      await anonymous.goto(`${oof.baseUrl}/desk`);
      await shoot(anonymous, out, `${vp.name}-desk-signed-out`);
      await anonymous.goto(`${oof.baseUrl}/launches`);
      await anonymous.getByRole('heading', { name: 'Launches' }).waitFor();
      await shoot(anonymous, out, `${vp.name}-launches`);
      await anonymous.goto(`${oof.baseUrl}/moments/not-a-moment`);
      await anonymous.getByTestId('error-state').waitFor();
      await shoot(anonymous, out, `${vp.name}-error-state`);
      await anonymous.close();

      const page = await context.newPage();
      await injectWallet(page, operator);
      await signIn(page, oof.baseUrl);
      await page.goto(`${oof.baseUrl}/analyze/${wallet}`);
      await page.getByTestId('top-moment').waitFor();
      await page.locator('svg.chart').first().waitFor();
      await shoot(page, out, `${vp.name}-analyze-result`);
      if (top !== undefined) {
        await page.goto(`${oof.baseUrl}/moments/${encodeURIComponent(top.id)}`);
        await page.getByTestId('moment-card').waitFor();
        await shoot(page, out, `${vp.name}-moment`);
      }
      for (const tab of ['overview', 'watchlist', 'signals', 'config', 'health']) {
        await page.goto(`${oof.baseUrl}/desk/${tab}`);
        await page.getByRole('tabpanel').waitFor();
        await page.waitForTimeout(500);
        await shoot(page, out, `${vp.name}-desk-${tab}`);
      }
      await context.close();
    }
    log(`done: ${out}`);
  } finally {
    await browser.close();
    await oof.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`screenshots: ${(e as Error).message}\n`);
  process.exit(1);
});
