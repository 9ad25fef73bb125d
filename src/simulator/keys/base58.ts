/**
 * Base58 (Bitcoin alphabet) encoding of bytes, the textual form of Solana addresses, signatures and `json`
 * instruction data. The number is held in limbs of 58^4 and fed three bytes at a time (58^4 × 2^24 < 2^53, so
 * plain doubles stay exact): about ten times fewer steps than the digit-by-digit textbook loop, which matters
 * for the 137-byte event payloads a large market writes by the million.
 */
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const LIMB = 58 ** 4;

export function encodeBase58(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros += 1;
  if (bytes.length - zeros >= 48) return encodeLong(bytes, zeros);
  const limbs: number[] = [];
  let i = zeros;
  const first = (bytes.length - zeros) % 3 || 3;
  while (i < bytes.length) {
    const take = i === zeros ? first : 3;
    let add = 0;
    for (let k = 0; k < take; k += 1) add = add * 256 + (bytes[i + k] ?? 0);
    const mult = 2 ** (8 * take);
    let carry = add;
    for (let j = 0; j < limbs.length; j += 1) {
      const x = (limbs[j] ?? 0) * mult + carry;
      carry = Math.floor(x / LIMB);
      limbs[j] = x - carry * LIMB;
    }
    while (carry > 0) {
      const next = Math.floor(carry / LIMB);
      limbs.push(carry - next * LIMB);
      carry = next;
    }
    i += take;
  }
  let out = '';
  for (let j = limbs.length - 1; j >= 0; j -= 1) {
    let limb = limbs[j] ?? 0;
    let chunk = '';
    for (let k = 0; k < 4; k += 1) {
      chunk = ALPHABET[limb % 58] + chunk;
      limb = Math.floor(limb / 58);
    }
    out += chunk;
  }
  let start = 0;
  while (start < out.length && out[start] === '1') start += 1;
  return '1'.repeat(zeros) + out.slice(start);
}

const CHUNK = 58n ** 8n;

/**
 * Long inputs (event payloads): one native BigInt from hex, then divisions by 58^8 (< 2^53, so each remainder
 * is an exact double). About twice as fast as the limb loop from 48 bytes up (signatures, events), slower below.
 */
function encodeLong(bytes: Uint8Array, zeros: number): string {
  let n = BigInt(
    `0x${Buffer.from(bytes.buffer, bytes.byteOffset + zeros, bytes.length - zeros).toString('hex')}`,
  );
  const chunks: number[] = [];
  while (n > 0n) {
    const q = n / CHUNK;
    chunks.push(Number(n - q * CHUNK));
    n = q;
  }
  let out = '';
  for (let j = chunks.length - 1; j >= 0; j -= 1) {
    let chunk = chunks[j] ?? 0;
    let text = '';
    for (let k = 0; k < 8; k += 1) {
      text = ALPHABET[chunk % 58] + text;
      chunk = Math.floor(chunk / 58);
    }
    out += text;
  }
  let start = 0;
  while (start < out.length && out[start] === '1') start += 1;
  return '1'.repeat(zeros) + out.slice(start);
}

const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

/** Inverse of `encodeBase58`; throws on a character outside the alphabet. */
export function decodeBase58(text: string): Uint8Array {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros += 1;
  const size = Math.ceil(((text.length - zeros) * 733) / 1000) + 1;
  const bytes = new Uint8Array(size);
  let length = 0;
  for (let i = zeros; i < text.length; i += 1) {
    const value = INDEX.get(text[i] ?? '');
    if (value === undefined) throw new RangeError(`not base58: ${JSON.stringify(text)}`);
    let carry = value;
    let j = 0;
    for (let k = size - 1; (carry !== 0 || j < length) && k >= 0; k -= 1, j += 1) {
      carry += 58 * (bytes[k] ?? 0);
      bytes[k] = carry % 256;
      carry = Math.floor(carry / 256);
    }
    length = j;
  }
  const out = new Uint8Array(zeros + length);
  out.set(bytes.subarray(size - length), zeros);
  return out;
}
