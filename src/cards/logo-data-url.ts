/**
 * A token logo the card may embed: only `data:` URLs (never a network fetch at render time) holding a PNG or
 * JPEG whose bytes start with the right signature, up to 256 KiB. Anything else returns null and the card
 * draws a monogram, so a broken `logo_url` in token metadata cannot fail a render.
 */
const MAX_LOGO_BYTES = 256 * 1024;
const SIGNATURES: Readonly<Record<string, readonly number[]>> = {
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

export function safeLogoDataUrl(url: string): string | null {
  const m = /^data:(image\/(?:png|jpeg));base64,([A-Za-z0-9+/]+={0,2})$/.exec(url);
  if (m === null) return null;
  const [, mime = '', b64 = ''] = m;
  if ((b64.length * 3) / 4 > MAX_LOGO_BYTES) return null;
  const bytes = Buffer.from(b64, 'base64');
  const sig = SIGNATURES[mime] ?? [];
  return sig.every((b, i) => bytes[i] === b) && bytes.length > sig.length ? url : null;
}
