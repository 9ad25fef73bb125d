import { describe, expect, test } from 'vitest';
import { findRpcTransaction, rpcIndex, sharedDataAvailable } from '../../../../test/support/shared-data.ts';
import { actionToJson } from '../../../decoder/action-json.ts';
import { decodeTransaction, parseRpcTransaction } from '../../../decoder/decode-transaction.ts';
import { toJsonParsed } from './to-json-parsed.ts';

/** The real `json` recordings the decoder accepts. */
function decodableJsonRecords(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const row of rpcIndex()) {
    if (row.encoding !== 'json' || seen.has(row.signature)) continue;
    seen.add(row.signature);
    const raw = findRpcTransaction(row);
    try {
      decodeTransaction(parseRpcTransaction(raw));
      out.push(raw);
    } catch {
      // broken recordings are not what this test is about
    }
  }
  return out;
}

const decodeJson = (raw: unknown): unknown => {
  const d = decodeTransaction(parseRpcTransaction(raw));
  return { actions: d.actions.map(actionToJson), participants: d.participants };
};

describe.skipIf(!sharedDataAvailable())('toJsonParsed on real json recordings', () => {
  const records = decodableJsonRecords();

  test('the decoder reads the converted rendering exactly as the original', () => {
    expect(records.length).toBeGreaterThan(50);
    for (const raw of records) expect(decodeJson(toJsonParsed(raw))).toEqual(decodeJson(raw));
  });

  test('keys are objects with signer/writable/source and the loaded addresses are among them', () => {
    for (const raw of records) {
      const parsed = toJsonParsed(raw) as {
        transaction: { message: { accountKeys: { pubkey: string; signer: boolean; source: string }[] } };
        meta: Record<string, unknown>;
      };
      const message = (
        raw.transaction as { message: { accountKeys: string[]; header?: { numRequiredSignatures: number } } }
      ).message;
      const meta = raw.meta as { loadedAddresses?: { writable: string[]; readonly: string[] } };
      const loaded = [...(meta.loadedAddresses?.writable ?? []), ...(meta.loadedAddresses?.readonly ?? [])];
      const keys = parsed.transaction.message.accountKeys;
      expect(keys.map((k) => k.pubkey)).toEqual([...message.accountKeys, ...loaded]);
      expect(keys.filter((k) => k.source === 'lookupTable')).toHaveLength(loaded.length);
      expect(keys.filter((k) => k.signer).length).toBe(
        message.header?.numRequiredSignatures ??
          (raw.transaction as { signatures: unknown[] }).signatures.length,
      );
      expect(parsed.meta).not.toHaveProperty('loadedAddresses');
    }
  });

  test('a system transfer is rendered with the node field names, info keys sorted', () => {
    let found = 0;
    for (const raw of records) {
      const message = (
        toJsonParsed(raw) as { transaction: { message: { instructions: Record<string, unknown>[] } } }
      ).transaction.message;
      for (const ix of message.instructions) {
        const parsed = ix.parsed as { type?: string; info?: Record<string, unknown> } | undefined;
        if (ix.program !== 'system' || parsed?.type !== 'transfer') continue;
        found += 1;
        expect(Object.keys(ix)).toEqual(['program', 'programId', 'parsed', 'stackHeight']);
        expect(Object.keys(parsed.info ?? {})).toEqual(['destination', 'lamports', 'source']);
        expect(typeof parsed.info?.lamports).toBe('number');
      }
    }
    expect(found).toBeGreaterThan(0);
  });

  test('parsed instructions carry the same info fields as the real jsonParsed recordings', () => {
    const shapes = (tx: unknown): Map<string, string> => {
      const out = new Map<string, string>();
      const t = tx as {
        transaction: { message: { instructions: Record<string, unknown>[] } };
        meta: { innerInstructions?: { instructions: Record<string, unknown>[] }[] | null };
      };
      const all = [
        ...t.transaction.message.instructions,
        ...(t.meta.innerInstructions ?? []).flatMap((g) => g.instructions),
      ];
      for (const ix of all) {
        const parsed = ix.parsed as { type?: string; info?: Record<string, unknown> } | undefined;
        if (parsed?.type === undefined || parsed.info === undefined) continue;
        out.set(`${String(ix.program)} ${parsed.type}`, Object.keys(parsed.info).join(','));
      }
      return out;
    };
    const real = new Map<string, Set<string>>();
    for (const row of rpcIndex().filter((r) => r.encoding === 'jsonParsed')) {
      for (const [k, v] of shapes(findRpcTransaction(row))) real.set(k, (real.get(k) ?? new Set()).add(v));
    }
    let compared = 0;
    for (const raw of records) {
      for (const [k, v] of shapes(toJsonParsed(raw))) {
        const seen = real.get(k);
        if (seen === undefined) continue;
        compared += 1;
        expect([...seen], k).toContain(v);
      }
    }
    expect(compared).toBeGreaterThan(20);
  });
});
