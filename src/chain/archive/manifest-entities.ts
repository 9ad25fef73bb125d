import type { DecodedTransaction } from '../../decoder/decode-transaction.ts';
import { DEFAULT_QUOTE_MINTS, SOL_MINT, USDC_MINT, USDT_MINT } from '../../domain/mints.ts';
import type { ManifestToken, ManifestWallet } from './archive-manifest.ts';

const SYMBOLS: ReadonlyMap<string, string> = new Map([
  [SOL_MINT, 'SOL'],
  [USDC_MINT, 'USDC'],
  [USDT_MINT, 'USDT'],
]);

type Holding = 'held' | 'exited';

/**
 * Collects the manifest's wallets, tokens and programs from decoded transactions fed in chain order:
 * every action owner is a wallet (`trader` when it swapped, `creator` when it launched a Pump.fun token,
 * `re-entry` when it bought a token again after selling it); every mint in an action is a token (`quote`,
 * `launch` for a Pump.fun CreateEvent, `migrated` for a CompleteEvent); every invoked program is listed.
 * Output is sorted, so the manifest does not depend on the order of equal-slot transactions.
 */
export class ManifestEntities {
  private readonly wallets = new Map<string, Set<string>>();
  private readonly tokens = new Map<string, { decimals: number; roles: Set<string> }>();
  private readonly programs = new Set<string>();
  private readonly holdings = new Map<string, Holding>();

  add(decoded: DecodedTransaction): void {
    for (const ix of decoded.tx.instructions) this.programs.add(ix.programId);
    for (const a of decoded.actions) {
      if (a.owner !== null) this.wallet(a.owner);
      if (a.mintIn !== null && a.decimalsIn !== null) this.token(a.mintIn, a.decimalsIn);
      if (a.mintOut !== null && a.decimalsOut !== null) this.token(a.mintOut, a.decimalsOut);
      if (a.kind === 'swap' && a.owner !== null) {
        this.wallet(a.owner).add('trader');
        if (a.side === 'buy' && a.mintOut !== null) this.bought(a.owner, a.mintOut);
        if (a.side === 'sell' && a.mintIn !== null) this.holdings.set(`${a.owner} ${a.mintIn}`, 'exited');
      }
      const event = a.event;
      if (event?.program !== 'pumpfun') continue;
      const mint = typeof event.data.mint === 'string' ? event.data.mint : null;
      if (event.name === 'CreateEvent') {
        const creator = event.data.creator ?? event.data.user;
        if (typeof creator === 'string') this.wallet(creator).add('creator');
        if (mint !== null) this.tokenRoles(mint).add('launch');
      }
      if (event.name === 'CompleteEvent' && mint !== null) this.tokenRoles(mint).add('migrated');
    }
  }

  /** Marks a wallet with a role it has for reasons outside the transactions (e.g. `watched` by a recorder). */
  addWallet(address: string, role: string): void {
    this.wallet(address).add(role);
  }

  addProgram(programId: string): void {
    this.programs.add(programId);
  }

  result(): { wallets: ManifestWallet[]; tokens: ManifestToken[]; programs: string[] } {
    return {
      wallets: [...this.wallets.keys()].sort().map((address) => ({
        address,
        roles: ROLE_ORDER.filter((r) => this.wallets.get(address)?.has(r) === true),
      })),
      tokens: [...this.tokens.keys()].sort().map((mint) => {
        const t = this.tokens.get(mint) as { decimals: number; roles: Set<string> };
        const symbol = SYMBOLS.get(mint);
        return {
          mint,
          ...(symbol === undefined ? {} : { symbol }),
          decimals: t.decimals,
          roles: TOKEN_ROLE_ORDER.filter((r) => t.roles.has(r)),
        };
      }),
      programs: [...this.programs].sort(),
    };
  }

  private bought(owner: string, mint: string): void {
    const key = `${owner} ${mint}`;
    if (this.holdings.get(key) === 'exited') this.wallet(owner).add('re-entry');
    this.holdings.set(key, 'held');
  }

  private wallet(address: string): Set<string> {
    let roles = this.wallets.get(address);
    if (roles === undefined) {
      roles = new Set();
      this.wallets.set(address, roles);
    }
    return roles;
  }

  private token(mint: string, decimals: number): void {
    if (!this.tokens.has(mint)) {
      this.tokens.set(mint, {
        decimals,
        roles: new Set(DEFAULT_QUOTE_MINTS.includes(mint) ? ['quote'] : []),
      });
    }
  }

  private tokenRoles(mint: string): Set<string> {
    // A launch seen only through its event: Pump.fun mints have 6 decimals (pump-public-docs IDL).
    if (!this.tokens.has(mint)) this.token(mint, 6);
    return (this.tokens.get(mint) as { roles: Set<string> }).roles;
  }
}

const ROLE_ORDER = ['trader', 're-entry', 'creator', 'sniper', 'rugger', 'watched'];
const TOKEN_ROLE_ORDER = ['launch', 'migrated', 'rug', 'quote'];
