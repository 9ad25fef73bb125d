import { InstructionBytes } from './instruction-bytes.ts';

export interface ParsedInstruction {
  readonly type: string;
  readonly info: Record<string, unknown>;
}

/**
 * System program instructions as the node's `jsonParsed` renders them (solana-transaction-status
 * `parse_system`, tags are bincode u32): the ones that move lamports or set accounts up. Others (nonce
 * operations, upgrades) are returned as null and stay partially decoded.
 */
export function parseSystemInstruction(
  data: Uint8Array,
  accounts: readonly string[],
): ParsedInstruction | null {
  const r = new InstructionBytes(data);
  const [a0, a1, a2] = accounts;
  switch (r.u32()) {
    case 0: {
      const lamports = r.u64();
      const space = r.u64();
      const owner = r.pubkey();
      if (lamports === null || space === null || owner === null || !a0 || !a1) return null;
      return { type: 'createAccount', info: { source: a0, newAccount: a1, lamports, space, owner } };
    }
    case 1: {
      const owner = r.pubkey();
      return owner && a0 ? { type: 'assign', info: { account: a0, owner } } : null;
    }
    case 2: {
      const lamports = r.u64();
      return lamports !== null && a0 && a1
        ? { type: 'transfer', info: { source: a0, destination: a1, lamports } }
        : null;
    }
    case 3: {
      const base = r.pubkey();
      const seed = r.string();
      const lamports = r.u64();
      const space = r.u64();
      const owner = r.pubkey();
      if (base === null || seed === null || lamports === null || space === null || owner === null)
        return null;
      if (!a0 || !a1) return null;
      return {
        type: 'createAccountWithSeed',
        info: { source: a0, newAccount: a1, base, seed, lamports, space, owner },
      };
    }
    case 8: {
      const space = r.u64();
      return space !== null && a0 ? { type: 'allocate', info: { account: a0, space } } : null;
    }
    case 9: {
      const base = r.pubkey();
      const seed = r.string();
      const space = r.u64();
      const owner = r.pubkey();
      if (base === null || seed === null || space === null || owner === null || !a0) return null;
      return { type: 'allocateWithSeed', info: { account: a0, base, seed, space, owner } };
    }
    case 10: {
      const base = r.pubkey();
      const seed = r.string();
      const owner = r.pubkey();
      if (base === null || seed === null || owner === null || !a0) return null;
      return { type: 'assignWithSeed', info: { account: a0, base, seed, owner } };
    }
    case 11: {
      const lamports = r.u64();
      const sourceSeed = r.string();
      const sourceOwner = r.pubkey();
      if (lamports === null || sourceSeed === null || sourceOwner === null || !a0 || !a1 || !a2) return null;
      return {
        type: 'transferWithSeed',
        info: { source: a0, sourceBase: a1, destination: a2, lamports, sourceSeed, sourceOwner },
      };
    }
    default:
      return null;
  }
}
