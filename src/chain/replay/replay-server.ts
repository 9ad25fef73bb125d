import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { OofError } from '../../core/errors/oof-error.ts';
import type { Logger } from '../../core/log/logger.ts';
import type { ArchiveReader } from '../archive/archive-reader.ts';
import { FaultInjector, type FaultOptions } from './http/fault-injection.ts';
import { rpcHttpHandler } from './http/rpc-http-handler.ts';
import { archiveRpcMethods } from './methods/rpc-methods.ts';
import { ArchiveCandleBook } from './prices/archive-candle-book.ts';
import { priceHttpHandler, type PriceRequestCounts } from './prices/price-http-handler.ts';
import { attachPubsub, type PubsubHub } from './pubsub/pubsub-hub.ts';
import { lazyTokenLedger } from './tokens/token-ledger.ts';
import { ReplayTimeline, type TimelineStats } from './pubsub/replay-timeline.ts';
import { WebhookSender, type WebhookStats } from './webhook/webhook-sender.ts';

export interface ReplayServerOptions {
  readonly archive: ArchiveReader;
  /** 127.0.0.1 by default: a replay node is a local tool. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Pace of the logs stream and webhook deliveries: 0 = as fast as possible, 1 = real time (default). */
  readonly speed?: number;
  readonly maxGapMs?: number;
  /** Wait between the first subscription and the start of the logs stream. */
  readonly startDelayMs?: number;
  readonly webhook?: { readonly url: string; readonly authorization?: string; readonly batchSize?: number };
  readonly faults?: FaultOptions;
  /** The market-data endpoints served from the archive's candles (prices/, see price-http-handler.ts). */
  readonly prices?: { readonly birdeyeApiKey?: string };
  readonly logger?: Logger;
}

export interface ReplayServer {
  /** JSON-RPC over HTTP. */
  readonly url: string;
  /** Pubsub over WebSocket (same port). */
  readonly wsUrl: string;
  /** Settles when the logs stream has been played (or the server closed); starts on the first subscription. */
  timeline(): Promise<TimelineStats> | null;
  /** Settles when every webhook delivery was attempted; null without a webhook. */
  readonly webhook: Promise<WebhookStats> | null;
  subscriptionCount(): number;
  /** Price endpoint requests received so far, per endpoint and in total (tests assert "zero price calls"). */
  priceRequests(): PriceRequestCounts;
  /** Stops the stream and the deliveries, closes sockets and the port. The archive stays open. */
  close(): Promise<void>;
}

/**
 * A Solana node for one chain archive: JSON-RPC over HTTP (see methods/), pubsub over WebSocket on the
 * same port (pubsub/), optional Helius-style webhook deliveries (webhook/), optional injected faults.
 */
export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const { archive, logger } = options;
  const speed = options.speed ?? 1;
  const pace = { speed, ...(options.maxGapMs === undefined ? {} : { maxGapMs: options.maxGapMs }) };
  const ledger = lazyTokenLedger(archive);
  // Indexed in the background from the start, so the first token call does not wait for it.
  ledger().catch((e: unknown) => logger?.error({ err: e }, 'replay-rpc: indexing token balances failed'));
  const methods = archiveRpcMethods(archive, ledger);
  const rpc = rpcHttpHandler(methods, new FaultInjector(options.faults), logger);
  const prices = priceHttpHandler(new ArchiveCandleBook(archive), {
    ...(options.prices?.birdeyeApiKey === undefined ? {} : { birdeyeApiKey: options.prices.birdeyeApiKey }),
    tokens: { archive, ledger },
    ...(logger === undefined ? {} : { logger }),
  });
  // Vendor GET paths first; every other request reaches the JSON-RPC handler exactly as before.
  const server: Server = createServer((req, res) => {
    if (!prices.handle(req, res)) rpc(req, res);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  let timeline: ReplayTimeline | null = null;
  let played: Promise<TimelineStats> | null = null;
  const hub: PubsubHub = attachPubsub(server, archive, {
    onSubscribe: () => {
      played ??= (timeline as ReplayTimeline).start();
    },
    ...(logger === undefined ? {} : { logger }),
  });
  timeline = new ReplayTimeline(archive, hub, {
    ...pace,
    ...(options.startDelayMs === undefined ? {} : { startDelayMs: options.startDelayMs }),
    ...(logger === undefined ? {} : { logger }),
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) =>
      reject(
        new OofError(
          'REPLAY_LISTEN_FAILED',
          `Cannot listen on ${host}:${options.port} (${e.message}); choose another --port or stop what uses it.`,
          { host, port: options.port },
          e,
        ),
      ),
    );
    server.listen(options.port, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;

  const sender =
    options.webhook === undefined
      ? null
      : new WebhookSender(archive, {
          ...pace,
          url: options.webhook.url,
          ...(options.webhook.authorization === undefined
            ? {}
            : { authorization: options.webhook.authorization }),
          ...(options.webhook.batchSize === undefined ? {} : { batchSize: options.webhook.batchSize }),
          ...(logger === undefined ? {} : { logger }),
        });
  const webhook = sender?.start() ?? null;

  return {
    url: `http://${authority}`,
    wsUrl: `ws://${authority}`,
    timeline: () => played,
    webhook,
    subscriptionCount: () => hub.subscriptionCount(),
    priceRequests: () => prices.counts(),
    close: async () => {
      await sender?.stop();
      await timeline.stop();
      await hub.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive HTTP sockets would hold `close` open: idle ones go now, busy ones finish their answer.
      server.closeIdleConnections();
      const force = setTimeout(() => {
        for (const s of sockets) s.destroy();
      }, 2000);
      await closed;
      clearTimeout(force);
    },
  };
}
