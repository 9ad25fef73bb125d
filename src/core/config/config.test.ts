import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOofError } from '../errors/oof-error.ts';
import { loadConfig } from './config.ts';

const dir = mkdtempSync(join(tmpdir(), 'oof-config-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('loadConfig', () => {
  it('defaults to the embedded deployment with no file and no environment', () => {
    const c = loadConfig({}, dir);
    expect(c).toMatchObject({ dataDir: './.oof', port: 8080, objectStore: { kind: 'fs' } });
    expect(c.databaseUrl).toBeUndefined();
  });

  it('reads the YAML file, and the environment wins over it', () => {
    const p = file('a.yaml', 'port: 9000\ndataDir: /var/oof\ningest:\n  batchSize: 50\n');
    const c = loadConfig({ OOF_CONFIG: p, PORT: '9100', DATABASE_URL: 'postgres://u@h:5432/db' }, dir);
    expect(c).toMatchObject({
      port: 9100,
      dataDir: '/var/oof',
      databaseUrl: 'postgres://u@h:5432/db',
      ingest: { batchSize: 50 },
    });
  });

  it('switches to S3 from the environment', () => {
    const c = loadConfig(
      {
        S3_BUCKET: 'b',
        S3_ACCESS_KEY_ID: 'k',
        S3_SECRET_ACCESS_KEY: 's',
        S3_ENDPOINT: 'http://127.0.0.1:9000',
      },
      dir,
    );
    expect(c.objectStore).toMatchObject({
      kind: 's3',
      bucket: 'b',
      endpoint: 'http://127.0.0.1:9000',
      region: 'auto',
    });
  });

  it.each([
    ['a bad port', { PORT: '99999' }, 'port'],
    ['a non-postgres DATABASE_URL', { DATABASE_URL: 'mysql://x' }, 'databaseUrl'],
    ['S3 without credentials', { S3_BUCKET: 'b' }, 'objectStore.accessKeyId'],
  ])('rejects %s naming the field', (_name, env, field) => {
    try {
      loadConfig(env, dir);
      expect.unreachable();
    } catch (e) {
      expect(isOofError(e, 'CONFIG_INVALID')).toBe(true);
      expect((e as Error).message).toContain(field);
    }
  });

  it('rejects unknown keys and broken YAML with the file named', () => {
    const typo = file('typo.yaml', 'prot: 9000\n');
    expect(() => loadConfig({ OOF_CONFIG: typo }, dir)).toThrow(/Unrecognized key|prot/);
    const broken = file('broken.yaml', 'port: [1,\n');
    expect(() => loadConfig({ OOF_CONFIG: broken }, dir)).toThrow(/broken\.yaml is not valid YAML/);
    expect(() => loadConfig({ OOF_CONFIG: join(dir, 'missing.yaml') }, dir)).toThrow(
      /Cannot read config file/,
    );
  });
});
