import { formatUnits } from '../../../domain/decimal.ts';
import { InstructionBytes } from './instruction-bytes.ts';
import type { ParsedInstruction } from './parse-system-instruction.ts';

/**
 * SPL Token and Token-2022 instructions as the node's `jsonParsed` renders them (solana-transaction-status
 * `parse_token`): the ones that move, mint, burn or set up token accounts. Amounts are decimal strings;
 * checked variants carry a UiTokenAmount. With more accounts than the single authority, the authority is
 * a multisig and the extra accounts are its signers. Other instructions stay partially decoded.
 */
export function parseTokenInstruction(
  data: Uint8Array,
  accounts: readonly string[],
): ParsedInstruction | null {
  const r = new InstructionBytes(data);
  const a = accounts;
  const tag = r.u8();
  switch (tag) {
    case 1:
      return a.length >= 4
        ? { type: 'initializeAccount', info: { account: a[0], mint: a[1], owner: a[2], rentSysvar: a[3] } }
        : null;
    case 16:
    case 18: {
      const owner = r.pubkey();
      if (owner === null || a.length < (tag === 16 ? 3 : 2)) return null;
      return tag === 16
        ? { type: 'initializeAccount2', info: { account: a[0], mint: a[1], owner, rentSysvar: a[2] } }
        : { type: 'initializeAccount3', info: { account: a[0], mint: a[1], owner } };
    }
    case 3: {
      const amount = r.u64();
      if (amount === null || a.length < 3) return null;
      return {
        type: 'transfer',
        info: { source: a[0], destination: a[1], amount: String(amount), ...authority(a, 2, 'authority') },
      };
    }
    case 4: {
      const amount = r.u64();
      if (amount === null || a.length < 3) return null;
      return {
        type: 'approve',
        info: { source: a[0], delegate: a[1], amount: String(amount), ...authority(a, 2, 'owner') },
      };
    }
    case 5:
      return a.length >= 2 ? { type: 'revoke', info: { source: a[0], ...authority(a, 1, 'owner') } } : null;
    case 7:
    case 8: {
      const amount = r.u64();
      if (amount === null || a.length < 3) return null;
      return tag === 7
        ? {
            type: 'mintTo',
            info: { mint: a[0], account: a[1], amount: String(amount), ...authority(a, 2, 'mintAuthority') },
          }
        : {
            type: 'burn',
            info: { account: a[0], mint: a[1], amount: String(amount), ...authority(a, 2, 'authority') },
          };
    }
    case 9:
      return a.length >= 3
        ? { type: 'closeAccount', info: { account: a[0], destination: a[1], ...authority(a, 2, 'owner') } }
        : null;
    case 12: {
      const amount = r.u64();
      const decimals = r.u8();
      if (amount === null || decimals === null || a.length < 4) return null;
      return {
        type: 'transferChecked',
        info: {
          source: a[0],
          mint: a[1],
          destination: a[2],
          tokenAmount: uiTokenAmount(amount, decimals),
          ...authority(a, 3, 'authority'),
        },
      };
    }
    case 14:
    case 15: {
      const amount = r.u64();
      const decimals = r.u8();
      if (amount === null || decimals === null || a.length < 3) return null;
      const tokenAmount = uiTokenAmount(amount, decimals);
      return tag === 14
        ? {
            type: 'mintToChecked',
            info: { mint: a[0], account: a[1], tokenAmount, ...authority(a, 2, 'mintAuthority') },
          }
        : {
            type: 'burnChecked',
            info: { account: a[0], mint: a[1], tokenAmount, ...authority(a, 2, 'authority') },
          };
    }
    case 17:
      return a.length >= 1 ? { type: 'syncNative', info: { account: a[0] } } : null;
    case 26: {
      // Token-2022 TransferFeeExtension; sub-instruction 1 = TransferCheckedWithFee.
      if (r.u8() !== 1) return null;
      const amount = r.u64();
      const decimals = r.u8();
      const fee = r.u64();
      if (amount === null || decimals === null || fee === null || a.length < 4) return null;
      return {
        type: 'transferCheckedWithFee',
        info: {
          source: a[0],
          mint: a[1],
          destination: a[2],
          tokenAmount: uiTokenAmount(amount, decimals),
          feeAmount: uiTokenAmount(fee, decimals),
          ...authority(a, 3, 'authority'),
        },
      };
    }
    default:
      return null;
  }
}

function authority(accounts: readonly string[], at: number, name: string): Record<string, unknown> {
  if (accounts.length <= at + 1) return { [name]: accounts[at] };
  const multisig = `multisig${name[0]?.toUpperCase() ?? ''}${name.slice(1)}`;
  return { [multisig]: accounts[at], signers: accounts.slice(at + 1) };
}

/** UiTokenAmount as the node writes it; `uiAmount` is a lossy f64 there too (readers use `amount`). */
function uiTokenAmount(amount: number | bigint, decimals: number): Record<string, unknown> {
  const text = formatUnits(BigInt(amount), decimals);
  return { amount: String(amount), decimals, uiAmount: Number(text), uiAmountString: text };
}
