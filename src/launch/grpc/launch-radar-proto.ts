import { fileURLToPath } from 'node:url';
import type * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/**
 * The LaunchRadar service of `proto/oof/launch/v1/launch_radar.proto`, loaded at run time (no generated code).
 * Options fix the JS shape both sides see, the one `src/launch/events/launch-event.ts` mirrors: camelCase field
 * names, 64-bit integers as decimal strings (never a lossy `number`), enums by name, unset fields at their
 * defaults, and the name of the set oneof member in `body`.
 */
export const LAUNCH_RADAR_PROTO_PATH = fileURLToPath(
  new URL('../../../proto/oof/launch/v1/launch_radar.proto', import.meta.url),
);

export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

let cached: grpc.ServiceDefinition | undefined;

/** The service definition (methods with their serializers), loaded once per process. */
export function launchRadarService(): grpc.ServiceDefinition {
  if (cached === undefined) {
    const definition = protoLoader.loadSync(LAUNCH_RADAR_PROTO_PATH, PROTO_LOADER_OPTIONS);
    const service = definition['oof.launch.v1.LaunchRadar'];
    if (service === undefined || !('StreamEvents' in service)) {
      throw new Error(`${LAUNCH_RADAR_PROTO_PATH} has no service oof.launch.v1.LaunchRadar`);
    }
    cached = service as grpc.ServiceDefinition;
  }
  return cached;
}
