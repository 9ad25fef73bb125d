import { describe, expect, it } from 'vitest';
import { fromLaunchEventMessage } from './launch-radar.client.ts';
import { launchRadarService } from './launch-radar-proto.ts';

const stream = launchRadarService().StreamEvents;
const roundTrip = (message: Record<string, unknown>) =>
  stream?.responseDeserialize(stream.responseSerialize(message)) as Parameters<
    typeof fromLaunchEventMessage
  >[0];

describe('LaunchEvent messages on the client', () => {
  it('turns a decoded message back into the stored event, u64 exact', () => {
    const flag = {
      mint: 'M',
      flag: 'BUNDLED_LAUNCH',
      severity: 'critical',
      value: '3',
      threshold: '2',
      detailsJson: '{"slot":1}',
    };
    const item = fromLaunchEventMessage(
      roundTrip({ cursor: '18446744073709551615', tEventMs: '1745000000000', slot: '7', riskFlag: flag }),
    );
    expect(item).toEqual({
      kind: 'event',
      event: {
        cursor: 18446744073709551615n,
        tEventMs: 1745000000000n,
        slot: 7n,
        event: { kind: 'riskFlag', riskFlag: flag },
      },
    });
  });

  it('reads heartbeats, and reports a body this build does not know instead of failing on it', () => {
    expect(
      fromLaunchEventMessage(roundTrip({ cursor: '5', heartbeat: { serverTimeMs: '9', lastCursor: '5' } })),
    ).toEqual({
      kind: 'heartbeat',
      lastCursor: 5n,
      serverTimeMs: 9n,
    });
    // A newer executor's oneof member decodes to no known body here.
    expect(fromLaunchEventMessage({ cursor: '6', tEventMs: '0', slot: '0', body: 'launchRanked' })).toEqual({
      kind: 'unknown',
      cursor: 6n,
      body: 'launchRanked',
    });
  });
});
