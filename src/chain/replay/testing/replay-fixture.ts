import { parseJsonExact } from '../../../decoder/input/parse-json-exact.ts';
import { ArchiveReader } from '../../archive/archive-reader.ts';
import { createRpcClient, type RpcClient } from '../../rpc/create-rpc-client.ts';
import { startReplayServer, type ReplayServer, type ReplayServerOptions } from '../replay-server.ts';

export interface ReplayFixture {
  readonly archive: ArchiveReader;
  readonly server: ReplayServer;
  /** Our production RPC client pointed at the replay server. */
  readonly client: RpcClient;
  /** One raw JSON-RPC call (or batch), u64 exact: for asserting on exact bodies and error objects. */
  call(
    method: string,
    params?: readonly unknown[],
  ): Promise<{ result?: unknown; error?: { code: number; message: string; data?: unknown } }>;
  post(body: string): Promise<{ status: number; json: unknown }>;
  close(): Promise<void>;
}

/** `oof replay-rpc` on 127.0.0.1, port 0, serving an archive folder. */
export async function startReplayFixture(
  dir: string,
  options: Omit<ReplayServerOptions, 'archive' | 'port'> = {},
): Promise<ReplayFixture> {
  const archive = await ArchiveReader.open(dir);
  const server = await startReplayServer({ archive, port: 0, speed: 0, ...options });
  const client = createRpcClient(
    {
      endpoints: [{ url: server.url, timeoutMs: 5000 }],
      slotProbeIntervalMs: 0,
      failover: { maxAttempts: 8 },
    },
    {},
  );
  const post = async (body: string): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const text = await res.text();
    return { status: res.status, json: text === '' ? null : parseJsonExact(text) };
  };
  return {
    archive,
    server,
    client,
    post,
    call: async (method, params = []) =>
      (await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }))).json as {
        result?: unknown;
        error?: { code: number; message: string; data?: unknown };
      },
    close: async () => {
      client.close();
      await server.close();
      await archive.close();
    },
  };
}
