/** An account an instruction names, with the privileges it asks for (as in a compiled message). */
export interface AccountMeta {
  readonly address: string;
  readonly writable: boolean;
  readonly signer: boolean;
}

export function writable(address: string): AccountMeta {
  return { address, writable: true, signer: false };
}

export function readonly(address: string): AccountMeta {
  return { address, writable: false, signer: false };
}

export function signer(address: string, isWritable = true): AccountMeta {
  return { address, writable: isWritable, signer: true };
}
