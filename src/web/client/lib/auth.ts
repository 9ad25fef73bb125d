import { useEffect, useState } from 'preact/hooks';
import * as z from 'zod/mini';
import { encodeBase58 } from './base58.ts';

/** A wallet session (POST /v1/auth/verify), kept in localStorage so a reload stays signed in. */
export interface Session {
  readonly wallet: string;
  readonly token: string;
  readonly expiresAt: string;
}

const KEY = 'oof.session';
const sessionSchema = z.object({ wallet: z.string(), token: z.string(), expiresAt: z.string() });
const listeners = new Set<(s: Session | null) => void>();
let notice: string | null = null;

function load(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (raw === null) return null;
    const s = sessionSchema.parse(JSON.parse(raw));
    return Date.parse(s.expiresAt) > new Date().getTime() ? s : null;
  } catch {
    return null;
  }
}

let session: Session | null = load();

function set(s: Session | null): void {
  session = s;
  if (s === null) localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, JSON.stringify(s));
  for (const l of listeners) l(s);
}

export const currentToken = (): string | null => session?.token ?? null;
export const currentSession = (): Session | null => session;
export function signOut(): void {
  notice = null;
  set(null);
}
export function signOutExpired(): void {
  notice = 'Your session ended: sign in again.';
  set(null);
}
export const takeNotice = (): string | null => notice;

export function useSession(): Session | null {
  const [s, setS] = useState(session);
  useEffect(() => {
    listeners.add(setS);
    return () => void listeners.delete(setS);
  }, []);
  return s;
}

/** The injected Solana wallet (Phantom, Solflare, Backpack all expose this shape). */
interface WalletProvider {
  connect(): Promise<{ publicKey: { toString(): string } }>;
  signMessage(message: Uint8Array, display?: string): Promise<{ signature: Uint8Array } | Uint8Array>;
}

export function walletProvider(): WalletProvider | null {
  const w = window as unknown as { phantom?: { solana?: WalletProvider }; solana?: WalletProvider };
  return w.phantom?.solana ?? w.solana ?? null;
}

const nonceSchema = z.object({ nonce: z.string(), message: z.string(), expiresAt: z.string() });
const verifySchema = z.object({ token: z.string(), expiresAt: z.string() });

async function postJson(path: string, body: unknown): Promise<unknown> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json().catch(() => null)) as { message?: string } | null;
  if (!res.ok) throw new Error(json?.message ?? `${path} answered ${res.status}`);
  return json;
}

/** Wallet sign-in: connect, sign the server's one-time message, exchange the signature for a session. */
export async function signInWithWallet(): Promise<Session> {
  const provider = walletProvider();
  if (provider === null) {
    throw new Error(
      'No Solana wallet found in this browser: install Phantom, Solflare or Backpack, then retry.',
    );
  }
  const { publicKey } = await provider.connect();
  const wallet = publicKey.toString();
  const nonce = nonceSchema.parse(await postJson('/v1/auth/nonce', { wallet }));
  const signed = await provider.signMessage(new TextEncoder().encode(nonce.message), 'utf8');
  const signature = encodeBase58(signed instanceof Uint8Array ? signed : signed.signature);
  const v = verifySchema.parse(await postJson('/v1/auth/verify', { wallet, signature, nonce: nonce.nonce }));
  const s: Session = { wallet, token: v.token, expiresAt: v.expiresAt };
  notice = null;
  set(s);
  return s;
}
