import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CopytradeConfigError,
  DEFAULT_SYSTEM_CONFIG,
  mergeSystemConfig,
  parseSystemConfig,
  parseWalletConfig,
  type SystemConfig,
} from '../../copytrade/config/copytrade-config.ts';
import { SYSTEM_SCOPE } from '../../copytrade/engine/engine-config.ts';
import { parseWalletAddress } from '../../core/wallet-address.ts';
import type { CoreServices } from '../../main/core-services.ts';
import { getCopyWallet } from '../../store/copytrade/copy-wallets.repository.ts';
import { appendCopytradeAudit } from '../../store/copytrade/copytrade-audit.repository.ts';
import { readConfig, writeConfig } from '../../store/copytrade/copytrade-config.repository.ts';
import { requireSubject } from '../access/subject.ts';
import { getBase58Encoder } from '@solana/kit';
import { LiveTradingError } from '../../copytrade/live/live-error.ts';
import { importTradingKey, TRADING_KEY_ID } from '../../copytrade/live/trading-key.ts';
import { readTradingKey } from '../../store/copytrade/copytrade-keys.repository.ts';

function sendConfigError(reply: FastifyReply, e: CopytradeConfigError): FastifyReply {
  return reply.status(400).send({ error: e.code, message: e.message, details: { issues: e.issues } });
}

function storedSystem(config: unknown): SystemConfig {
  try {
    return parseSystemConfig(config);
  } catch {
    return DEFAULT_SYSTEM_CONFIG;
  }
}

/**
 * The configuration hierarchy over HTTP: `GET|PUT /v1/copytrade/config` (system: a partial document merged
 * over the current one, validated whole) and `GET|PUT /v1/copytrade/wallets/:address/config` (the wallet layer:
 * allocation, breaker equity base, safety threshold; its exit strategy is the watchlist row's). The engine reads
 * the stored config on every round, so a change applies without a restart. Every change is audited with who,
 * before and after, in the transaction that writes it.
 */
export function copytradeConfigRoutes(
  services: CoreServices,
  clock: () => Date = () => new Date(),
): (app: FastifyInstance) => Promise<void> {
  return (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const database = services.database;

    r.get('/v1/copytrade/config', async () => {
      const row = await readConfig(database.db, SYSTEM_SCOPE);
      return {
        config: row === null ? DEFAULT_SYSTEM_CONFIG : storedSystem(row.config),
        defaults: DEFAULT_SYSTEM_CONFIG,
        version: row?.version ?? 0,
        updatedAt: row?.updatedAt.toISOString() ?? null,
      };
    });

    r.put(
      '/v1/copytrade/config',
      { schema: { body: z.record(z.string(), z.unknown()) } },
      async (request, reply) => {
        const subject = requireSubject(request);
        const result = await database.transaction(async (tx) => {
          const before = await readConfig(tx, SYSTEM_SCOPE, { forUpdate: true });
          const current = before === null ? DEFAULT_SYSTEM_CONFIG : storedSystem(before.config);
          let next: SystemConfig;
          try {
            next = mergeSystemConfig(current, request.body);
          } catch (e) {
            if (e instanceof CopytradeConfigError) return e;
            throw e;
          }
          const now = clock();
          const row = await writeConfig(tx, SYSTEM_SCOPE, next, now);
          await appendCopytradeAudit(tx, {
            subject: subject.key,
            action: 'config.system.update',
            target: SYSTEM_SCOPE,
            before: current,
            after: next,
            at: now,
          });
          return { config: next, version: row.version, updatedAt: row.updatedAt.toISOString() };
        });
        if (result instanceof CopytradeConfigError) return sendConfigError(reply, result);
        return result;
      },
    );

    const addressParam = z.object({ address: z.string().max(64) });
    const notWatched = (reply: FastifyReply, address: string) =>
      reply.status(404).send({
        error: 'COPY_WALLET_NOT_FOUND',
        message: `${address} is not in the copy-trading watchlist`,
        details: { address },
      });

    r.get(
      '/v1/copytrade/wallets/:address/config',
      { schema: { params: addressParam } },
      async (request, reply) => {
        const address = parseWalletAddress(request.params.address);
        if ((await getCopyWallet(database.db, address)) === null) return notWatched(reply, address);
        const row = await readConfig(database.db, address);
        const sys = await readConfig(database.db, SYSTEM_SCOPE);
        const system = sys === null ? DEFAULT_SYSTEM_CONFIG : storedSystem(sys.config);
        const own = row === null ? {} : parseWalletConfig(row.config);
        return {
          address,
          config: own,
          effective: {
            allocation: own.allocation ?? system.sizing.defaultAllocation,
            equityBaseUsd: own.equityBaseUsd ?? system.sizing.capitalUsd,
            safetyThreshold: own.safetyThreshold ?? system.safety.threshold,
          },
          version: row?.version ?? 0,
          updatedAt: row?.updatedAt.toISOString() ?? null,
        };
      },
    );

    r.put(
      '/v1/copytrade/wallets/:address/config',
      { schema: { params: addressParam, body: z.record(z.string(), z.unknown()) } },
      async (request, reply) => {
        const subject = requireSubject(request);
        const address = parseWalletAddress(request.params.address);
        let config: ReturnType<typeof parseWalletConfig>;
        try {
          config = parseWalletConfig(request.body);
        } catch (e) {
          if (e instanceof CopytradeConfigError) return sendConfigError(reply, e);
          throw e;
        }
        const result = await database.transaction(async (tx) => {
          if ((await getCopyWallet(tx, address, { forUpdate: true })) === null) return null;
          const before = await readConfig(tx, address, { forUpdate: true });
          const now = clock();
          const row = await writeConfig(tx, address, config, now);
          await appendCopytradeAudit(tx, {
            subject: subject.key,
            action: 'config.wallet.update',
            target: address,
            before: before?.config ?? null,
            after: config,
            at: now,
          });
          return { address, config, version: row.version, updatedAt: row.updatedAt.toISOString() };
        });
        return result ?? notWatched(reply, address);
      },
    );
    /**
     * The live trading key: `PUT` takes the 64-byte keypair (base58, or the JSON byte array of solana-keygen),
     * encrypts it with OOF_COPYTRADE_KEY (read from the environment here, never from the logged config) and
     * stores it; only the public key is ever returned, and the audit row holds only the public key.
     */
    r.get('/v1/copytrade/live/key', async (_request, reply) => {
      const key = await readTradingKey(database.db, TRADING_KEY_ID);
      if (key === null) {
        return reply.status(404).send({
          error: 'COPYTRADE_KEY_NOT_IMPORTED',
          message: 'no trading key stored: PUT /v1/copytrade/live/key',
          details: {},
        });
      }
      return { publicKey: key.publicKey, createdAt: key.createdAt.toISOString() };
    });

    r.put(
      '/v1/copytrade/live/key',
      {
        schema: {
          body: z.strictObject({
            secretKey: z.union([
              z.string().min(40).max(100),
              z.array(z.number().int().min(0).max(255)).length(64),
            ]),
          }),
        },
      },
      async (request, reply) => {
        const subject = requireSubject(request);
        const raw = request.body.secretKey;
        let bytes: Uint8Array;
        try {
          bytes =
            typeof raw === 'string' ? new Uint8Array(getBase58Encoder().encode(raw)) : new Uint8Array(raw);
        } catch {
          return reply.status(400).send({
            error: 'COPYTRADE_SIGNING_KEY_INVALID',
            message: 'secretKey is not base58: pass the 64-byte keypair as base58 or as a JSON byte array',
            details: {},
          });
        }
        try {
          const now = clock();
          const publicKey = await database.transaction(async (tx) => {
            const pk = await importTradingKey(tx, bytes, process.env.OOF_COPYTRADE_KEY, now);
            await appendCopytradeAudit(tx, {
              subject: subject.key,
              action: 'live.key.import',
              target: TRADING_KEY_ID,
              before: null,
              after: { publicKey: pk },
              at: now,
            });
            return pk;
          });
          return { publicKey };
        } catch (e) {
          if (e instanceof LiveTradingError) {
            return reply.status(400).send({ error: e.code, message: e.message, details: {} });
          }
          throw e;
        }
      },
    );
    return Promise.resolve();
  };
}
