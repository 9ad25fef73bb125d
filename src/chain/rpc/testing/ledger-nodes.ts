import { startJsonRpcServer, type JsonRpcTestServer } from './json-rpc-test-server.ts';
import { ledgerHandler, type LedgerView } from './ledger-rpc-handler.ts';
import { recordedChain } from './recorded-chain.ts';

export interface LedgerNode {
  readonly server: JsonRpcTestServer;
  view: LedgerView;
  /** Requests other than the client's getSlot health probes. */
  calls(): number;
}

/** Test nodes that all serve the recorded chain, tip 10 slots past its newest transaction. */
export async function startLedgerNodes(count: number): Promise<LedgerNode[]> {
  const chain = recordedChain();
  const tip = (chain[chain.length - 1]?.slot ?? 0n) + 10n;
  const nodes: LedgerNode[] = [];
  for (let i = 0; i < count; i++) {
    const node: LedgerNode = {
      server: await startJsonRpcServer(() => null),
      view: { chain, slot: tip },
      calls: () => node.server.requests.filter((r) => r.methods.some((m) => m !== 'getSlot')).length,
    };
    node.server.handler = ledgerHandler(() => node.view);
    nodes.push(node);
  }
  return nodes;
}

export async function closeAll(nodes: readonly LedgerNode[]): Promise<void> {
  await Promise.all(nodes.map((n) => n.server.close()));
}
