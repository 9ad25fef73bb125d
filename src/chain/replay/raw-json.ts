/**
 * JSON text a method returns as is: a stored getTransaction result spliced into the response without being
 * parsed and encoded again (the bytes the node sent, u64 digits included, at a fraction of the cost).
 */
export class RawJson {
  constructor(readonly text: string) {}
}
