import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { writeCheckpoint } from '../../src/launch/grpc/strategy-state-file.ts';
import { emptyStrategyState } from '../../src/launch/strategy/strategy-state.ts';

const dir = mkdtempSync(join(tmpdir(), 'oof-strategy-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function oof(args: string[]): Promise<{ code: number; stderr: string }> {
  const errors: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => errors.push(chunk) > 0) as typeof process.stderr.write;
  try {
    return { code: await runCli(args), stderr: errors.join('') };
  } finally {
    process.stderr.write = write;
  }
}

describe('oof strategy: bad input is refused before connecting, with exit code 2', () => {
  it('names what is wrong with --executor, --strategy and the state file', async () => {
    const address = await oof(['strategy', '--executor', 'localhost']);
    expect(address).toEqual({
      code: 2,
      stderr: expect.stringMatching(/--executor must be HOST:PORT/) as string,
    });
    const port = await oof(['strategy', '--executor', '127.0.0.1:70000']);
    expect(port.code).toBe(2);
    const name = await oof(['strategy', '--executor', '127.0.0.1:1', '--strategy', 'moon']);
    expect(name.stderr).toMatch(/unknown strategy "moon": choose one of flow-v1/);

    const other = join(dir, 'other.json');
    writeCheckpoint(other, { strategy: 'flow-v0', cursor: 7n, state: emptyStrategyState() });
    const mismatch = await oof(['strategy', '--executor', '127.0.0.1:1', '--state', other]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/belongs to strategy flow-v0, not flow-v1/);

    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"version":1,');
    const unreadable = await oof(['strategy', '--executor', '127.0.0.1:1', '--state', broken]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/state file .* cannot be read .* Move it away/);
  });
});
