import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OofError } from '../core/errors/oof-error.ts';
import type { Logger } from '../core/log/logger.ts';
import type { Database, ScriptSession } from './database.ts';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /** sha256 of the file with line endings normalized, so a checkout with CRLF does not look "edited". */
  readonly checksum: string;
}

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
}

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;
const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/** The numbered SQL files shipped next to this module, in order. */
export function loadMigrations(dir: URL = MIGRATIONS_DIR): Migration[] {
  const path = fileURLToPath(dir);
  const migrations = readdirSync(path)
    .filter((f) => f.endsWith('.sql'))
    .map((file): Migration => {
      const match = FILE_NAME.exec(file);
      if (match === null) {
        throw new OofError(
          'DB_MIGRATION_FAILED',
          `Migration file ${file} is misnamed: expected NNNN_snake_case.sql (e.g. 0004_lots.sql).`,
          { file },
        );
      }
      const sql = readFileSync(new URL(file, dir), 'utf8').replace(/\r\n/g, '\n');
      return { version: Number(match[1]), name: file, sql, checksum: sha256(sql) };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    const prev = migrations[i - 1];
    if (prev !== undefined && prev.version === m.version) {
      throw new OofError('DB_MIGRATION_FAILED', `Migrations ${prev.name} and ${m.name} share a number.`, {
        version: m.version,
      });
    }
  });
  return migrations;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

// Serializes migrators of the same schema across processes; a transaction-scoped lock is released at commit,
// so a crashed migrator never leaves it held. The first key is an arbitrary constant of this app.
const LOCK = `SELECT pg_advisory_xact_lock(774811, hashtext(current_schema()))`;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer     PRIMARY KEY,
  name       text        NOT NULL,
  checksum   text        NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

async function readApplied(session: ScriptSession): Promise<Map<number, AppliedRow>> {
  const rows = await session.query('SELECT version, name, checksum FROM schema_migrations ORDER BY version');
  return new Map(
    rows.map((r) => [
      Number(r.version),
      { version: Number(r.version), name: String(r.name), checksum: String(r.checksum) },
    ]),
  );
}

function assertUnchanged(migration: Migration, applied: AppliedRow): void {
  if (applied.checksum !== migration.checksum) {
    throw new OofError(
      'DB_MIGRATION_FAILED',
      `Migration ${migration.name} was edited after it was applied to this database ` +
        `(checksum ${applied.checksum.slice(0, 12)}… applied, ${migration.checksum.slice(0, 12)}… on disk). ` +
        'Applied migrations are immutable: restore the file and put the change in a new numbered migration.',
      { version: migration.version, name: migration.name },
    );
  }
}

/**
 * Applies the pending migrations in order, each file in its own transaction (a failing file leaves the
 * database at the previous version). Safe to run from several processes at once and to run again.
 */
export async function migrate(
  database: Database,
  logger: Logger,
  migrations: readonly Migration[] = loadMigrations(),
): Promise<MigrationReport> {
  const known = await database.scriptTransaction(async (s) => {
    await s.query(LOCK);
    await s.exec(CREATE_TABLE);
    return readApplied(s);
  });
  const onDisk = new Set(migrations.map((m) => m.version));
  for (const row of known.values()) {
    if (!onDisk.has(row.version)) {
      logger.warn(
        { migration: row.name },
        'the database has a migration this build does not know: it was migrated by a newer version of OOF',
      );
    }
  }
  for (const m of migrations) {
    const row = known.get(m.version);
    if (row !== undefined) assertUnchanged(m, row);
  }

  const applied: string[] = [];
  for (const m of migrations) {
    if (known.has(m.version)) continue;
    const startedMs = performance.now();
    const didApply = await database.scriptTransaction(async (s) => {
      await s.query(LOCK);
      // Another process may have applied it while we waited for the lock.
      const now = await readApplied(s);
      const row = now.get(m.version);
      if (row !== undefined) {
        assertUnchanged(m, row);
        return false;
      }
      try {
        await s.exec(m.sql);
      } catch (cause) {
        throw new OofError(
          'DB_MIGRATION_FAILED',
          `Migration ${m.name} failed and was rolled back: ${(cause as Error).message}`,
          { version: m.version, name: m.name },
          cause,
        );
      }
      await s.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        m.checksum,
      ]);
      return true;
    });
    if (didApply) {
      applied.push(m.name);
      logger.info({ migration: m.name, ms: Math.round(performance.now() - startedMs) }, 'migration applied');
    }
  }
  return { applied, alreadyApplied: migrations.length - applied.length };
}
