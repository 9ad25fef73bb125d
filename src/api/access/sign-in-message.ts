/**
 * The text a wallet signs to sign in, in the Sign-In-With-Solana layout that wallets render as a sign-in
 * request. It is stored with the nonce and verified byte for byte, so its wording can change freely.
 */
export function signInMessage(m: {
  domain: string;
  wallet: string;
  nonce: string;
  issuedAt: Date;
  expiresAt: Date;
}): string {
  return [
    `${m.domain} wants you to sign in with your Solana account:`,
    m.wallet,
    '',
    'Sign in to OOF. This signature proves you hold this wallet; it is not a transaction and costs nothing.',
    '',
    `Nonce: ${m.nonce}`,
    `Issued At: ${m.issuedAt.toISOString()}`,
    `Expiration Time: ${m.expiresAt.toISOString()}`,
  ].join('\n');
}
