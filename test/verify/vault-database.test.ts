import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgresBinaries, startPostgres, type PostgresCluster } from '../support/postgres.js';
import { buildProject } from '../support/project.js';

/**
 * Vault's dynamic database users on a real PostgreSQL 15: the creation statements of
 * config/secrets/vault/database.hcl run as Vault would run them, then each lease logs in as
 * itself. dbt creates tables under one lease and replaces them under the next, so the tables
 * must belong to the transformer group role, not to the expiring user.
 */

let postgres: PostgresCluster;
const DATABASE = 'vault_leases';

const { files } = await buildProject({
  goal: 'nightly batch of orders into postgres with dbt, secrets in vault',
  skills: ['architecting-data', 'transforming-data', 'secret-management'],
  set: {
    'architecting-data.warehouse': 'postgres',
    'secret-management.store': 'vault',
    'secret-management.dynamic_db_credentials': true,
  },
});
const hcl = files.get('config/secrets/vault/database.hcl') ?? '';

/** The statements of one list attribute of one role resource (HCL strings are JSON strings here). */
function statements(role: string, attribute: string): string[] {
  const resource = new RegExp(
    `resource "vault_database_secret_backend_role" "${role}" \\{([\\s\\S]*?)\\n\\}`,
  ).exec(hcl)?.[1];
  const list = new RegExp(`${attribute} = \\[([\\s\\S]*?)\\n  \\]`).exec(resource ?? '')?.[1];
  return [...(list ?? '').matchAll(/"(?:[^"\\]|\\.)*"/g)].map(
    (match) => JSON.parse(match[0]) as string,
  );
}

const lease = (sql: readonly string[], name: string) =>
  sql
    .map((statement) =>
      statement
        .replaceAll('{{name}}', name)
        .replaceAll('{{password}}', 'lease-password')
        .replaceAll('{{expiration}}', '2099-01-01 00:00:00+00'),
    )
    .join('\n');

/** psql as a login, as a workload holding the lease's credentials connects. */
function asLogin(
  login: string,
  sql: string,
): { status: number | null; stderr: string; stdout: string } {
  const { psql } = findPostgresBinaries();
  const result = spawnSync(
    psql,
    [
      '-h',
      postgres.socketDirectory,
      '-p',
      String(postgres.port),
      '-U',
      login,
      '-d',
      DATABASE,
      '-X',
      '-q',
      '-t',
      '-A',
      '-v',
      'ON_ERROR_STOP=1',
      '-f',
      '-',
    ],
    { input: sql, encoding: 'utf8' },
  );
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

beforeAll(async () => {
  postgres = await startPostgres();
  await postgres.createDatabase(DATABASE);
  const ddl = [...files.keys()]
    .filter((path) => path.startsWith('architecture/ddl/postgres/') && path.endsWith('.sql'))
    .sort();
  for (const path of ddl) {
    const result = await postgres.runSql(DATABASE, files.get(path) ?? '');
    expect(result.exitCode, `${path}: ${result.stderr}`).toBe(0);
  }
}, 60_000);
afterAll(async () => {
  await postgres.stop();
});

describe('dynamic credentials for the transformations on PostgreSQL 15', () => {
  it('issues the transformations a role on the warehouse', () => {
    expect(statements('transforms', 'creation_statements').join('\n')).toContain(
      'IN ROLE transformer',
    );
    expect(statements('transforms', 'revocation_statements').length).toBeGreaterThan(0);
  });

  it('a table built under one lease is replaced under the next, and the expired user drops cleanly', async () => {
    const create = statements('transforms', 'creation_statements');
    for (const name of ['v-transforms-a', 'v-transforms-b']) {
      const result = await postgres.runSql(DATABASE, lease(create, name));
      expect(result.exitCode, result.stderr).toBe(0);
    }
    const first = asLogin(
      'v-transforms-a',
      'CREATE TABLE marts.fct_orders_build (order_id text); SELECT current_user;',
    );
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout.trim()).toBe('transformer');
    expect(
      (
        await postgres.query(
          DATABASE,
          "SELECT tableowner FROM pg_tables WHERE tablename = 'fct_orders_build'",
        )
      ).trim(),
    ).toBe('transformer');

    const second = asLogin(
      'v-transforms-b',
      'DROP TABLE marts.fct_orders_build; CREATE TABLE marts.fct_orders_build (order_id text);',
    );
    expect(second.status, second.stderr).toBe(0);

    const revoked = await postgres.runSql(
      DATABASE,
      lease(statements('transforms', 'revocation_statements'), 'v-transforms-a'),
    );
    expect(revoked.exitCode, revoked.stderr).toBe(0);
    expect(
      (
        await postgres.query(
          DATABASE,
          "SELECT count(*) FROM pg_tables WHERE tablename = 'fct_orders_build'",
        )
      ).trim(),
    ).toBe('1');
  });

  it('broken fixture: without `SET role`, the next lease cannot replace the table', async () => {
    const withoutSetRole = statements('transforms', 'creation_statements').filter(
      (statement) => !statement.startsWith('ALTER ROLE'),
    );
    for (const name of ['v-broken-a', 'v-broken-b']) {
      const result = await postgres.runSql(DATABASE, lease(withoutSetRole, name));
      expect(result.exitCode, result.stderr).toBe(0);
    }
    expect(asLogin('v-broken-a', 'CREATE TABLE marts.broken_build (id int);').status).toBe(0);
    const replaced = asLogin('v-broken-b', 'DROP TABLE marts.broken_build;');
    expect(replaced.status).not.toBe(0);
    expect(replaced.stderr).toMatch(/must be owner/);
  });
});
