import { decodeTransaction, parseRpcTransaction } from '../../../decoder/decode-transaction.ts';
import type { AccountLine, SignatureLine, TransactionLine } from '../archive-lines.ts';
import type { ArchiveManifest } from '../archive-manifest.ts';
import type { ArchiveReader } from '../archive-reader.ts';
import { ArchiveWriter } from '../archive-writer.ts';
import { ManifestEntities } from '../manifest-entities.ts';
import type { RecordStaging, StagedTransaction } from './record-staging.ts';
import type { ListedSignature } from './record-source.ts';

export interface RecordedArchiveInput {
  readonly dir: string;
  readonly existing: ArchiveReader | null;
  readonly staging: RecordStaging;
  /** This run's listing, newest first. */
  readonly listed: readonly ListedSignature[];
  readonly address: string;
  readonly role: 'wallet' | 'program';
  readonly account: AccountLine;
  readonly gzip: boolean;
  readonly createdBy: string;
  readonly network: string;
}

interface Entry {
  readonly signature: string;
  readonly slot: bigint;
  /** Position in this run's listing (0 = newest); undefined for transactions only an earlier run listed. */
  readonly rank: number | undefined;
  readonly from: { readonly ordinal: number } | { readonly staged: StagedTransaction };
}

/**
 * Writes the recorded archive: the folder's earlier transactions and the newly staged ones, once each, in
 * chain order. Within a slot the node's listing order is the only witness of block position (newest
 * first), so listed transactions follow it reversed; ones only an earlier run listed keep their earlier
 * order and go first. Signatures files hold, per recorded address, the listing entries of the archived
 * transactions, newest first. The result depends only on what was recorded, not on how many runs it took.
 */
export async function writeRecordedArchive(input: RecordedArchiveInput): Promise<ArchiveManifest> {
  const { existing, staging } = input;
  const rank = new Map(input.listed.map((s, i) => [s.signature, i]));
  const entries: Entry[] = [];
  const seen = new Set<string>();
  for (let ordinal = 0; ordinal < (existing?.transactionCount ?? 0); ordinal++) {
    const t = (existing as ArchiveReader).indexed(ordinal);
    entries.push({
      signature: t.signature,
      slot: BigInt(t.slot),
      rank: rank.get(t.signature),
      from: { ordinal },
    });
    seen.add(t.signature);
  }
  for (const staged of [...staging.staged.values()].sort((a, b) => (a.signature < b.signature ? -1 : 1))) {
    if (seen.has(staged.signature)) continue;
    entries.push({
      signature: staged.signature,
      slot: staged.slot,
      rank: rank.get(staged.signature),
      from: { staged },
    });
  }
  entries.sort(chainOrder);

  const writer = ArchiveWriter.create(input.dir, { gzip: input.gzip });
  const entities = new ManifestEntities();
  for (const w of existing?.manifest.wallets ?? [])
    for (const role of w.roles) entities.addWallet(w.address, role);
  for (const p of existing?.manifest.programs ?? []) entities.addProgram(p);
  if (input.role === 'wallet') entities.addWallet(input.address, 'watched');
  else entities.addProgram(input.address);
  const position = new Map<string, number>();
  for (const e of entries) {
    const line: TransactionLine =
      'ordinal' in e.from
        ? await (existing as ArchiveReader).transaction(e.from.ordinal)
        : await staging.read(e.from.staged);
    position.set(e.signature, position.size);
    await writer.addTransaction(line);
    try {
      entities.add(decodeTransaction(parseRpcTransaction(line.result)));
    } catch {
      // A transaction our decoder cannot read is still recorded as the node returned it.
    }
  }

  const addresses = new Set([...(existing?.addressesWithSignatureFiles() ?? []), input.address]);
  for (const address of [...addresses].sort()) {
    const lines = new Map<string, SignatureLine>();
    for (const s of existing?.signatures(address, { limit: Number.MAX_SAFE_INTEGER }) ?? []) {
      lines.set(s.signature, { address, ...s, slot: String(s.slot), err: s.err ?? null });
    }
    if (address === input.address) {
      for (const s of input.listed) {
        lines.set(s.signature, {
          address,
          signature: s.signature,
          slot: s.slot.toString(),
          blockTime: s.blockTime,
          err: s.err ?? null,
          memo: s.memo,
          confirmationStatus: s.confirmationStatus ?? 'finalized',
        });
      }
    }
    const kept = [...lines.values()].filter((l) => position.has(l.signature));
    kept.sort((a, b) => (position.get(b.signature) as number) - (position.get(a.signature) as number));
    for (const l of kept) await writer.addSignature(l);
  }

  for (const a of existing?.accountLines() ?? []) writer.addAccount(a);
  writer.addAccount(input.account);
  return writer.finish({
    source: 'recorded',
    createdBy: input.createdBy,
    network: input.network,
    ...entities.result(),
  });
}

function chainOrder(a: Entry, b: Entry): number {
  if (a.slot !== b.slot) return a.slot < b.slot ? -1 : 1;
  if (a.rank === undefined || b.rank === undefined) {
    if (a.rank !== undefined) return 1;
    if (b.rank !== undefined) return -1;
    const ao = 'ordinal' in a.from ? a.from.ordinal : Infinity;
    const bo = 'ordinal' in b.from ? b.from.ordinal : Infinity;
    return ao !== bo ? ao - bo : a.signature < b.signature ? -1 : 1;
  }
  return b.rank - a.rank;
}
