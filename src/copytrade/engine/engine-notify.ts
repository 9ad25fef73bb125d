import { sql } from 'drizzle-orm';
import type { Db } from '../../store/database.ts';
import { COPYTRADE_CHANNEL } from './engine-deps.ts';

/** What the SSE stream relays: small, the client reads details from the API. */
export type CopytradeEvent =
  | { readonly type: 'signal'; readonly signature: string; readonly wallet: string; readonly outcome: string }
  | {
      readonly type: 'position';
      readonly positionId: string;
      readonly status: string;
      readonly reason?: string;
    }
  | {
      readonly type: 'breaker';
      readonly event: 'BREAKER_ACTIVATED' | 'BREAKER_DEACTIVATED';
      readonly kind: string;
      readonly wallet: string | null;
    };

/** NOTIFY inside the caller's transaction: delivered on commit, never for a write that rolled back. */
export async function notifyCopytrade(db: Db, event: CopytradeEvent): Promise<void> {
  await db.execute(sql`SELECT pg_notify(${COPYTRADE_CHANNEL}, ${JSON.stringify(event)})`);
}
