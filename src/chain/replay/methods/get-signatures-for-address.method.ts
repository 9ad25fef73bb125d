import type { ArchiveReader, SignatureEntry } from '../../archive/archive-reader.ts';
import { invalidParams } from '../rpc-error.ts';
import {
  addressParam,
  checkCommitment,
  checkMinContextSlot,
  configParam,
  optionalString,
  signatureParam,
  typeName,
} from '../rpc-params.ts';

/** The node's MAX_GET_CONFIRMED_SIGNATURES_FOR_ADDRESS2_LIMIT: both the default and the maximum. */
export const MAX_SIGNATURES_LIMIT = 1000;

/**
 * getSignaturesForAddress(address, { limit, before, until, commitment, minContextSlot }): newest first,
 * with the cursor rules of `signaturePage` (Agave semantics) and the node's parameter errors.
 */
export function getSignaturesForAddressMethod(archive: ArchiveReader, servedSlot: () => number) {
  return (params: readonly unknown[]): SignatureEntry[] => {
    const address = addressParam(params[0]);
    const config = configParam(params[1]);
    checkCommitment(config, true);
    checkMinContextSlot(config, servedSlot());
    let limit = MAX_SIGNATURES_LIMIT;
    if (config.limit !== undefined && config.limit !== null) {
      const l = config.limit;
      if (typeof l !== 'number' || !Number.isInteger(l) || l < 0) {
        throw invalidParams(`Invalid params: invalid type: ${typeName(l)}, expected usize.`);
      }
      if (l === 0 || l > MAX_SIGNATURES_LIMIT)
        throw invalidParams(`Invalid limit; max ${MAX_SIGNATURES_LIMIT}`);
      limit = l;
    }
    const before = optionalString(config, 'before');
    const until = optionalString(config, 'until');
    return archive.signatures(address, {
      limit,
      ...(before === undefined ? {} : { before: signatureParam(before) }),
      ...(until === undefined ? {} : { until: signatureParam(until) }),
    });
  };
}
