/**
 * Thrown inside a simulated program to end the transaction with `InstructionError: [index, {Custom: code}]`,
 * the way an Anchor `require!` does; the transaction builder catches it, writes the failure log lines and
 * rolls the state back.
 */
export class InstructionFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'InstructionFailure';
  }
}
