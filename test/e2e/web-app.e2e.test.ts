import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, injectWallet, launchChromium } from '../../src/web/testing/browser.ts';
import { startOof, type OofProcess } from '../../src/web/testing/oof-process.ts';
import { createTestWallet, type TestWallet } from '../../src/web/testing/test-wallet.ts';

/**
 * The web app in headless Debian chromium against a real `oof start` (bin/oof.js, embedded PGlite, the
 * simulated market replayed by the local node), driven through its own inputs: wallet sign-in with an
 * injected wallet, the analyze form, the watchlist form, Helius webhook deliveries.
 * OOF_E2E=0 skips it explicitly; a missing chromium fails it with the command to install it.
 */
const SKIP = process.env.OOF_E2E === '0';

let oof: OofProcess;
let browser: Browser;
let operator: TestWallet;
let manifest: { wallets: { address: string; roles: string[] }[] };

async function signedInPage(wallet: TestWallet | null): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (wallet !== null) await injectWallet(page, wallet);
  await page.goto(`${oof.baseUrl}/analyze`);
  if (wallet !== null) {
    await page.getByRole('button', { name: 'Sign in with wallet' }).click();
    await page.getByText('Signed in as').waitFor();
  }
  expect(errors).toEqual([]);
  return { context, page };
}

describe.skipIf(SKIP)('web app in headless chromium against oof start', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(
        `The browser tests need chromium at ${CHROMIUM_PATH}: run \`apt-get install -y chromium\` ` +
          '(or set OOF_E2E=0 to skip them explicitly).',
      );
    }
    operator = createTestWallet();
    [oof, browser] = await Promise.all([startOof(), launchChromium()]);
    manifest = JSON.parse(
      readFileSync(join(oof.dataDir, 'archive', 'oof-embedded', 'manifest.json'), 'utf8'),
    ) as typeof manifest;
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await oof?.stop();
  }, 30_000);

  it('analyzes a wallet: live progress, then its top moment card, ranked moments and episodes', async () => {
    const wallet = manifest.wallets.find((w) => w.roles.includes('re-entry'))!.address;
    const { context, page } = await signedInPage(operator);
    await page.getByLabel('Wallet address').fill(wallet);
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.waitForURL(new RegExp(`/analyze/${wallet}\\?job=`));
    await expect
      .poll(() => page.getByTestId('progress-line').textContent(), { timeout: 30_000 })
      .toMatch(/^Done: \d+ moments/);

    // The top moment is the wallet's largest by USD, as the API ranks nothing: compare with the API's list.
    const api = (await (await fetch(`${oof.baseUrl}/v1/moments?wallet=${wallet}&limit=200`)).json()) as {
      moments: { id: string; usd: string }[];
    };
    expect(api.moments.length).toBeGreaterThan(0);
    const best = [...api.moments].sort((a, b) => Number(b.usd) - Number(a.usd))[0]!;
    const top = page.getByTestId('top-moment');
    const card = top.locator('img');
    await card.waitFor();
    await expect
      .poll(() => card.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
        timeout: 30_000,
      })
      .toBe(1200);
    expect(await card.getAttribute('src')).toBe(`/v1/cards/moment/${encodeURIComponent(best.id)}.png`);
    const whole = best.usd.split('.')[0]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    expect(await top.textContent()).toContain(`$${whole}.`);

    // Ranked list, filters and the share link.
    await expect.poll(() => page.locator('.moment-row').count()).toBeGreaterThan(1);
    await page.getByRole('checkbox', { name: /Sold too early/ }).uncheck();
    expect(await page.locator('.moment-row .kind-tag', { hasText: 'Sold too early' }).count()).toBe(0);
    await page.getByRole('checkbox', { name: /Sold too early/ }).check();
    // Episodes per token: a chart with entry and exit markers.
    await page.locator('svg.chart').first().waitFor();
    expect(await page.locator('svg.chart .marker-entry').count()).toBeGreaterThan(0);
    await top.getByRole('link', { name: 'Share link' }).click();
    await page.waitForURL(/\/moments\//);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/\$[\d,]+\.\d\d/);
    await context.close();
  }, 60_000);

  it('an anonymous visitor (FREE plan, 2 wallets a day) analyzes too; a wallet without trades gets a clear empty state', async () => {
    const keeper = manifest.wallets.find((w) => w.roles.includes('keeper'))!.address;
    const trader = manifest.wallets.find((w) => w.roles.includes('trader'))!.address;
    const { context, page } = await signedInPage(null);
    await page.getByLabel('Wallet address').fill('not-a-wallet');
    await page.getByRole('button', { name: 'Analyze' }).click();
    expect(await page.getByRole('alert').first().textContent()).toContain('not a Solana address');

    await page.getByLabel('Wallet address').fill(keeper);
    await page.getByRole('button', { name: 'Analyze' }).click();
    await expect
      .poll(() => page.getByTestId('progress-line').textContent(), { timeout: 30_000 })
      .toMatch(/^Done: 0 moments/);
    const empty = page.getByTestId('empty-state').filter({ hasText: 'No OOF moments' });
    await empty.waitFor();
    expect(await empty.textContent()).toMatch(/The FREE plan looked from 2025-\d\d-\d\d/);

    // The market's clock: FREE's 180 days reach the April-2025 history.
    await page.getByLabel('Wallet address').fill(trader);
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.waitForURL(new RegExp(`/analyze/${trader}\\?job=`));
    await expect
      .poll(() => page.getByTestId('progress-line').textContent(), { timeout: 30_000 })
      .toMatch(/^Done: [1-9]\d* moments/);
    await page.getByTestId('top-moment').getByRole('img').waitFor();
    await context.close();
  }, 60_000);
});
