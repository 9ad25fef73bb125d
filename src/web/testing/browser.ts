import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { decodeBase58 } from '../../api/access/wallet-signature.ts';
import type { TestWallet } from './test-wallet.ts';

export const CHROMIUM_PATH = process.env.OOF_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Debian chromium through playwright-core; a clear error when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: run \`apt-get install -y chromium\` (or set OOF_CHROMIUM_PATH), ` +
        'or set OOF_E2E=0 to skip the browser tests explicitly.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * Gives the page a Solana wallet (the `window.solana` shape Phantom and others inject) backed by `wallet`'s
 * key in Node: the app's own “Sign in with wallet” flow then runs unchanged against the server.
 */
export async function injectWallet(page: Page, wallet: TestWallet): Promise<void> {
  await page.exposeFunction('__oofTestWalletSign', (bytes: number[]) =>
    Array.from(decodeBase58(wallet.signBase58(Uint8Array.from(bytes))) ?? []),
  );
  // A string, not a function: the test runner's transform would add helpers the page does not have.
  await page.addInitScript(`
    window.solana = {
      connect: () => Promise.resolve({ publicKey: { toString: () => ${JSON.stringify(wallet.address)} } }),
      signMessage: async (message) => ({
        signature: Uint8Array.from(await window.__oofTestWalletSign(Array.from(message))),
      }),
    };
  `);
}
