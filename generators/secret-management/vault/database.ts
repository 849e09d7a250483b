import {
  attribute,
  blank,
  block,
  comment,
  expression,
  hclList,
  hclTemplate,
  renderHcl,
  type HclItem,
} from '../../shared/hcl.js';
import { ACCESS_ROLES } from '../../shared/data-architecture.js';
import type { ProjectModel } from '../../types.js';
import { VAULT_DATABASE_MOUNT, vaultRole } from '../layout.js';
import { header, terraformBlock, variable } from '../terraform-common.js';
import { VERSIONS } from '../versions.js';
import { databaseTarget, type DatabaseTarget } from './database-target.js';

/**
 * config/secrets/vault/database.hcl: Terraform (Vault provider) for Vault's database secrets
 * engine. Every workload gets its own role, so its users carry only its grants and a leaked
 * password dies with its lease (default_ttl), at the latest at max_ttl.
 */
export function renderVaultDatabase(model: ProjectModel): string | undefined {
  const target = databaseTarget(model);
  if (!target) return undefined;
  const roles =
    target.workloads.length > 0 ? target.workloads.map((workload) => workload.name) : ['pipeline'];
  const port = target.engine === 'mysql' ? 3306 : target.engine === 'redshift' ? 5439 : 5432;
  const items: HclItem[] = [
    ...header([
      `Dynamic database credentials for ${model.title}: Vault creates a user per lease on ${target.title}.`,
      ...(target.reason ? [target.reason] : []),
      'Terraform (HashiCorp Vault provider) in HCL. Terraform loads only *.tf files: copy or symlink this',
      'file into the Terraform root that manages Vault (`ln -s …/database.hcl vault-database.tf`).',
      'Leases: default_ttl 1 hour, renewed by the workload while it runs, hard stop at max_ttl 24 hours.',
      'After the first apply, rotate the admin password so only Vault knows it:',
      `  vault write -f ${VAULT_DATABASE_MOUNT}/rotate-root/${target.connection}`,
      'The admin password is in the Terraform state: keep the state in an encrypted remote backend.',
    ]),
    terraformBlock({ vault: { source: 'hashicorp/vault', version: VERSIONS.vaultProvider } }),
    blank,
    variable('database_host', `Host of ${target.title}`),
    blank,
    variable('database_port', 'Port of the database', { type: 'number', default: port }),
    blank,
    variable('database_name', 'Database the roles get grants in', {
      default: target.engine === 'mysql' ? 'app' : model.snakeName,
    }),
    blank,
    variable(
      'vault_admin_username',
      'Database user Vault connects as; it needs CREATEROLE (CREATE USER on MySQL) and may grant the group roles it hands out (PostgreSQL 16+: WITH ADMIN OPTION)',
      { default: 'vault_admin' },
    ),
    blank,
    variable(
      'vault_admin_password',
      'Initial password of the Vault admin user (rotated by Vault after the first apply)',
      { sensitive: true },
    ),
    blank,
    comment(
      'The database secrets engine. Lease defaults apply to roles that do not set their own.',
    ),
    block(
      'resource',
      ['vault_mount', 'database'],
      [
        attribute('path', VAULT_DATABASE_MOUNT),
        attribute('type', 'database'),
        attribute('description', `Dynamic database users for ${model.name}`),
        attribute('default_lease_ttl_seconds', 3600),
        attribute('max_lease_ttl_seconds', 86400),
      ],
    ),
    blank,
    connection(model, target, roles),
    ...roles.flatMap((role) => [blank, roleResource(model, target, role)]),
  ];
  return renderHcl(items);
}

function connection(model: ProjectModel, target: DatabaseTarget, roles: string[]): HclItem {
  const plugin: HclItem[] =
    target.engine === 'mysql'
      ? [
          attribute(
            'connection_url',
            hclTemplate(
              '{{username}}:{{password}}@tcp(${var.database_host}:${var.database_port})/',
            ),
          ),
          attribute('username', expression('var.vault_admin_username')),
          attribute('password', expression('var.vault_admin_password')),
          attribute('max_open_connections', 4),
        ]
      : [
          attribute(
            'connection_url',
            hclTemplate(
              'postgresql://{{username}}:{{password}}@${var.database_host}:${var.database_port}/${var.database_name}?sslmode=require',
            ),
          ),
          attribute('username', expression('var.vault_admin_username')),
          attribute('password', expression('var.vault_admin_password')),
          attribute('max_open_connections', 4),
          ...(target.engine === 'postgres'
            ? [attribute('password_authentication', 'scram-sha-256')]
            : []),
        ];
  return block(
    'resource',
    ['vault_database_secret_backend_connection', 'target'],
    [
      attribute('backend', expression('vault_mount.database.path')),
      attribute('name', target.connection),
      attribute('allowed_roles', hclList(roles.map((role) => vaultRole(model, role)))),
      attribute('verify_connection', true),
      blank,
      block(
        target.engine === 'mysql'
          ? 'mysql'
          : target.engine === 'redshift'
            ? 'redshift'
            : 'postgresql',
        [],
        plugin,
      ),
    ],
  );
}

/** Grants per workload: the loader writes raw, the transformations read raw and write the models. */
function grants(target: DatabaseTarget, role: string): string[] {
  if (target.engine === 'mysql') {
    // Debezium's MySQL connector needs these to read the binlog and take the initial snapshot.
    return [
      "CREATE USER '{{name}}'@'%' IDENTIFIED BY '{{password}}';",
      "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '{{name}}'@'%';",
    ];
  }
  const isRedshift = target.engine === 'redshift';
  const create = isRedshift
    ? `CREATE USER "{{name}}" WITH PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`
    : `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`;
  // On the warehouse, a login is a member of one group role of architecture/ddl (90_access_control)
  // and holds nothing directly. On PostgreSQL it also acts as the group (`SET role`), so the
  // tables it creates belong to the group: the next lease's user can replace them, and dropping
  // an expired user leaves them in place.
  const member = (group: string): string[] =>
    isRedshift
      ? [create, `GRANT ROLE ${group} TO "{{name}}";`]
      : [
          `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}' IN ROLE ${group};`,
          `ALTER ROLE "{{name}}" SET role = '${group}';`,
        ];
  if (target.connection.endsWith('-cdc-source')) {
    // Debezium (pgoutput) needs REPLICATION and SELECT on the captured tables. The publication is
    // owned by a stable role, so expiring users do not take it with them.
    return [
      `CREATE ROLE "{{name}}" WITH LOGIN REPLICATION PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`,
      'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";',
    ];
  }
  switch (role) {
    case 'loader':
    case 'kafka-connect':
    case 'transforms':
      return member(groupOf(role));
    default:
      return isWarehouse(target)
        ? member(groupOf(role))
        : [create, 'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";'];
  }
}

function isWarehouse(target: DatabaseTarget): boolean {
  return target.engine !== 'mysql' && target.connection.endsWith('-warehouse');
}

/** The group role of architecture/ddl a workload's logins join on the warehouse. */
function groupOf(role: string): string {
  if (role === 'loader' || role === 'kafka-connect') return ACCESS_ROLES.loader.name;
  if (role === 'transforms') return ACCESS_ROLES.transformer.name;
  return ACCESS_ROLES.analyst.name;
}

function revocation(target: DatabaseTarget, role: string): string[] {
  if (target.engine === 'mysql') return ["DROP USER IF EXISTS '{{name}}'@'%';"];
  if (target.engine === 'redshift') {
    // The user holds only its role; the role's grants stay with the role.
    return [`REVOKE ROLE ${groupOf(role)} FROM "{{name}}";`, 'DROP USER IF EXISTS "{{name}}";'];
  }
  // Objects the user created are handed to the admin role first, or DROP ROLE fails.
  return [
    'REASSIGN OWNED BY "{{name}}" TO CURRENT_USER;',
    'DROP OWNED BY "{{name}}";',
    'DROP ROLE IF EXISTS "{{name}}";',
  ];
}

function roleResource(model: ProjectModel, target: DatabaseTarget, role: string): HclItem {
  return block(
    'resource',
    ['vault_database_secret_backend_role', role.replaceAll('-', '_')],
    [
      attribute('backend', expression('vault_mount.database.path')),
      attribute('name', vaultRole(model, role)),
      attribute('db_name', expression('vault_database_secret_backend_connection.target.name')),
      attribute('creation_statements', hclList(grants(target, role))),
      attribute('revocation_statements', hclList(revocation(target, role))),
      attribute('default_ttl', 3600),
      attribute('max_ttl', 86400),
    ],
  );
}
