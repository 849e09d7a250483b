import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * A private PostgreSQL cluster for tests: `initdb` into a temporary folder, `pg_ctl start` with a
 * Unix socket in that folder and no TCP listener, `psql -v ON_ERROR_STOP=1` to run SQL, and
 * `stop()` to shut it down and delete the folder. Starting one takes about a second.
 *
 *   const postgres = await startPostgres();
 *   await postgres.createDatabase('matrix_01');
 *   const result = await postgres.runSql('matrix_01', 'CREATE TABLE t (id int)');
 *   expect(result.exitCode).toBe(0);
 *   await postgres.stop();
 *
 * Binaries: POSTGRES_BIN (a folder holding initdb, pg_ctl and psql) if set, else the newest
 * /usr/lib/postgresql/<version>/bin, else PATH. A missing binary is an error that says how to
 * install it (Debian: `apt-get install -y postgresql-15`), never a skipped test.
 *
 * initdb refuses to run as root: as root, the server runs as POSTGRES_TEST_USER (default
 * `postgres`, which the Debian package creates) through `runuser`.
 */

export interface SqlResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface PostgresCluster {
  /** The socket folder: connect with `psql -h <socketDirectory> -p <port> -U postgres`. */
  socketDirectory: string;
  port: number;
  /** The server's major version, e.g. 15. */
  majorVersion: number;
  /** Creates an empty database (fails if it exists). */
  createDatabase(name: string): Promise<void>;
  /** Runs SQL text through psql with ON_ERROR_STOP; never throws on SQL errors (see exitCode). */
  runSql(database: string, sql: string): Promise<SqlResult>;
  /** Runs a SQL file through psql with ON_ERROR_STOP; never throws on SQL errors. */
  runFile(database: string, path: string): Promise<SqlResult>;
  /** Runs SQL and throws with psql's message when it fails; returns stdout (unaligned, tuples only). */
  query(database: string, sql: string): Promise<string>;
  /** Stops the server and deletes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const INSTALL_HINT =
  'install the PostgreSQL server (Debian/Ubuntu: apt-get install -y postgresql-15) or set POSTGRES_BIN to the folder holding initdb, pg_ctl and psql';

/** The folder of initdb/pg_ctl/psql, or an Error that says how to get them. */
export function findPostgresBinaries(): { initdb: string; pgCtl: string; psql: string } {
  const candidates: string[] = [];
  if (process.env.POSTGRES_BIN) candidates.push(process.env.POSTGRES_BIN);
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(debianRoot, version, 'bin')));
  }
  candidates.push(...(process.env.PATH ?? '').split(delimiter).filter(Boolean));
  const find = (name: string) =>
    candidates.map((folder) => join(folder, name)).find((path) => existsSync(path));
  const initdb = find('initdb');
  const pgCtl = find('pg_ctl');
  const psql = find('psql');
  if (!initdb || !pgCtl || !psql) {
    const missing = [!initdb && 'initdb', !pgCtl && 'pg_ctl', !psql && 'psql']
      .filter(Boolean)
      .join(', ');
    throw new Error(`PostgreSQL binaries not found (${missing}): ${INSTALL_HINT}`);
  }
  return { initdb, pgCtl, psql };
}

function run(command: string, args: readonly string[], input?: string): Promise<SqlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, PGTZ: 'UTC', PGOPTIONS: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ exitCode: code ?? 1, stdout, stderr });
    });
    if (input !== undefined && child.stdin) {
      // A child that exits before reading its input (a connection error) closes the pipe: not our error to report.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    }
  });
}

async function unprivilegedUser(): Promise<{ name: string; uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  const name = process.env.POSTGRES_TEST_USER ?? 'postgres';
  const uid = await run('id', ['-u', name]);
  const gid = await run('id', ['-g', name]);
  if (uid.exitCode !== 0 || gid.exitCode !== 0) {
    throw new Error(
      `running as root: initdb needs an unprivileged user; create "${name}" or set POSTGRES_TEST_USER to an existing one`,
    );
  }
  return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export async function startPostgres(): Promise<PostgresCluster> {
  const binaries = findPostgresBinaries();
  const user = await unprivilegedUser();
  const folder = await mkdtemp(join(tmpdir(), 'skillchain-pg-'));
  const dataDirectory = join(folder, 'data');
  const port = 5432;
  if (user) await chown(folder, user.uid, user.gid);
  // As root the server commands run as the unprivileged user; psql connects over the socket as the superuser role.
  const asServer = (command: string, args: string[]) =>
    user ? run('runuser', ['-u', user.name, '--', command, ...args]) : run(command, args);

  const initialized = await asServer(binaries.initdb, [
    '-D',
    dataDirectory,
    '-U',
    SUPERUSER,
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  if (initialized.exitCode !== 0) {
    await rm(folder, { recursive: true, force: true });
    throw new Error(`initdb failed: ${initialized.stderr || initialized.stdout}`);
  }
  // No TCP listener: the socket lives in the private folder, so parallel clusters never collide.
  const serverOptions = `-k ${folder} -c listen_addresses='' -p ${port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c timezone=UTC`;
  const started = await asServer(binaries.pgCtl, [
    '-D',
    dataDirectory,
    '-o',
    serverOptions,
    '-l',
    join(folder, 'server.log'),
    '-w',
    '-t',
    '60',
    'start',
  ]);
  if (started.exitCode !== 0) {
    await rm(folder, { recursive: true, force: true });
    throw new Error(`pg_ctl start failed: ${started.stderr || started.stdout}`);
  }

  const psqlArgs = (database: string) => [
    '-h',
    folder,
    '-p',
    String(port),
    '-U',
    SUPERUSER,
    '-d',
    database,
    '-X',
    '-q',
    '-v',
    'ON_ERROR_STOP=1',
  ];
  const runSql = (database: string, sql: string) =>
    run(binaries.psql, [...psqlArgs(database), '-f', '-'], sql);
  const runFile = (database: string, path: string) =>
    run(binaries.psql, [...psqlArgs(database), '-f', path]);
  const query = async (database: string, sql: string) => {
    const result = await run(binaries.psql, [...psqlArgs(database), '-t', '-A', '-f', '-'], sql);
    if (result.exitCode !== 0)
      throw new Error(`psql failed on ${database}: ${result.stderr.trim()}`);
    return result.stdout;
  };
  const version = Number((await query('postgres', 'SHOW server_version_num')).trim());

  let isStopped = false;
  return {
    socketDirectory: folder,
    port,
    majorVersion: Math.floor(version / 10_000),
    async createDatabase(name) {
      await query('postgres', `CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    },
    runSql,
    runFile,
    query,
    async stop() {
      if (isStopped) return;
      isStopped = true;
      await asServer(binaries.pgCtl, ['-D', dataDirectory, '-m', 'immediate', '-w', 'stop']);
      await rm(folder, { recursive: true, force: true });
    },
  };
}
