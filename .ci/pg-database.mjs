// Creates or drops a database on a Postgres server for one CI run; prints the new database's URL.
// Usage: node .ci/pg-database.mjs create|drop <server-url> <name>
import pg from 'pg';

const [action, serverUrl, name] = process.argv.slice(2);
if (!['create', 'drop'].includes(action ?? '') || !serverUrl || !/^[a-z0-9_]+$/.test(name ?? '')) {
  console.error('usage: node .ci/pg-database.mjs create|drop <server-url> <name: [a-z0-9_]+>');
  process.exit(2);
}
const admin = new URL(serverUrl);
admin.pathname = '/postgres';
const client = new pg.Client({ connectionString: admin.toString() });
try {
  await client.connect();
} catch (e) {
  console.error(
    `Cannot reach Postgres at ${admin.host}: ${e.message}. Start the server or set DATABASE_URL.`,
  );
  process.exit(1);
}
if (action === 'create') {
  await client.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  console.log(url.toString());
} else {
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
await client.end();
