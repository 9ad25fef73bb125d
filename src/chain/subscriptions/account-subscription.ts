import { stringify as stringifyExact } from 'lossless-json';
import { isRetryable } from '../../core/errors/oof-error.ts';
import type { Logger } from '../../core/log/logger.ts';
import { checkAddress } from '../rpc/methods/check-params.ts';
import { fullJitterDelayMs } from '../rpc/backoff.ts';
import type { Clock, RandomSource } from '../rpc/clock.ts';
import type { AccountInfo } from '../rpc/methods/get-account-info.ts';
import type { Commitment } from '../rpc/rpc-transport.ts';
import type { SolanaRpc } from '../rpc/solana-rpc.ts';
import { AsyncQueue } from './async-queue.ts';
import { accountNotificationSchema } from './notification-schemas.ts';
import type { SolanaWsConnection } from './solana-ws-connection.ts';

export interface AccountEvent {
  readonly address: string;
  /** Context slot of the state. */
  readonly slot: bigint;
  /** null when the account does not exist (only a resync can say so). */
  readonly account: AccountInfo | null;
  /** `live`: an accountNotification; `resync`: read by getAccountInfo after a (re)connect. */
  readonly source: 'live' | 'resync';
}

export interface AccountSubscriptionOptions {
  readonly address: string;
  readonly commitment?: Commitment;
  readonly encoding?: 'base64' | 'jsonParsed';
  readonly onEvent?: (event: AccountEvent) => void;
}

export interface AccountSubscription extends AsyncIterable<AccountEvent> {
  close(): void;
}

/**
 * An account's state changes. Notifications carry whole states, not deltas, so the gap after a reconnect
 * is closed by reading the current state once (getAccountInfo); states older than the last delivered slot
 * and repeats of the same state are dropped, so consumers see each state once, oldest first.
 */
export function subscribeAccount(
  connection: SolanaWsConnection,
  rpc: Pick<SolanaRpc, 'getAccountInfo'>,
  options: AccountSubscriptionOptions,
  deps: { readonly clock: Clock; readonly random: RandomSource; readonly logger?: Logger },
): AccountSubscription {
  checkAddress(options.address, 'address');
  const commitment = options.commitment ?? 'confirmed';
  const encoding = options.encoding ?? 'base64';
  const queue = new AsyncQueue<AccountEvent>();
  let lastSlot = -1n;
  let lastKey = '';
  let closed = false;

  const deliver = (e: AccountEvent): void => {
    const key = stateKey(e);
    if (e.slot < lastSlot || key === lastKey) return;
    lastSlot = e.slot;
    lastKey = key;
    try {
      options.onEvent?.(e);
    } catch (err) {
      deps.logger?.error({ err, address: e.address }, 'onEvent handler threw');
    }
    queue.push(e);
  };

  const resync = async (): Promise<void> => {
    for (let attempt = 0; !closed; attempt++) {
      try {
        const got = await rpc.getAccountInfo(options.address, { commitment, encoding });
        // A notification newer than this read may already be out: never step back.
        if (got.contextSlot > lastSlot)
          deliver({ address: options.address, slot: got.contextSlot, account: got.value, source: 'resync' });
        return;
      } catch (e) {
        if (!isRetryable(e)) {
          queue.fail(e);
          return;
        }
        deps.logger?.error({ err: e, address: options.address }, 'account resync failed; retrying');
        await deps.clock.sleep(fullJitterDelayMs(attempt, { baseMs: 500, maxMs: 30_000 }, deps.random));
      }
    }
  };

  const remove = connection.add({
    method: 'accountSubscribe',
    params: [options.address, { encoding, commitment }],
    onNotification: (result) => {
      const parsed = accountNotificationSchema.safeParse(result);
      if (!parsed.success) {
        deps.logger?.warn(
          { address: options.address },
          'accountNotification with an unexpected shape; ignored',
        );
        return;
      }
      deliver({
        address: options.address,
        slot: parsed.data.contextSlot,
        account: parsed.data.value,
        source: 'live',
      });
    },
    onSubscribed: () => {
      void resync();
    },
    onRefused: (error) => queue.fail(error),
  });

  return {
    [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator](),
    close: () => {
      closed = true;
      remove();
      queue.end();
    },
  };
}

function stateKey(e: AccountEvent): string {
  const a = e.account;
  if (a === null) return 'none';
  // Parsed data may hold bigints (u64 kept exact), which JSON.stringify refuses.
  const data =
    a.data.encoding === 'base64'
      ? Buffer.from(a.data.bytes).toString('base64')
      : (stringifyExact(a.data.parsed) ?? '');
  return `${a.lamports}:${a.owner}:${data}`;
}
