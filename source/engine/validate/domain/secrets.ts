import {
  isPlaceholderValue,
  kubernetesManifests,
  looksLikeSecret,
  parseYamlDocuments,
} from './stack.js';
import type { DomainCheck, DomainProblem, ProjectFiles } from './types.js';

/**
 * Layer-3 checks of secret management: the environment template holds placeholders only, the
 * gitleaks configuration keeps the default rules and allow-lists the placeholders, Vault
 * policies are well-formed least-privilege HCL, and External Secrets use the served API
 * (external-secrets.io/v1) with a refresh interval and an owned target.
 */

const SECRET_NAME =
  /(password|passwd|secret|token|api[_-]?key|private[_-]?key|credentials?|webhook)/i;

/** Problems of an .env.example text: a secret variable must carry a placeholder, never a value. */
export function envExampleProblems(
  text: string,
  secretNames: ReadonlySet<string> = new Set(),
): DomainProblem[] {
  const problems: DomainProblem[] = [];
  text.split('\n').forEach((line, index) => {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) return;
    const name = match[1] ?? '';
    const value = (match[2] ?? '').trim().replace(/^(['"])(.*)\1$/, '$2');
    const isSecret = secretNames.has(name) || SECRET_NAME.test(name);
    const placeholder = isPlaceholderValue(value) || /REPLACE|CHANGE/i.test(value);
    if (isSecret && !placeholder)
      problems.push({
        path: '.env.example',
        line: index + 1,
        message: `${name} is a secret but its value is not a placeholder (use change-me)`,
      });
    else if (!isSecret && looksLikeSecret(value))
      problems.push({
        path: '.env.example',
        line: index + 1,
        message: `${name} has a value that looks like a real credential`,
      });
  });
  return problems;
}

const envExample: DomainCheck = {
  id: 'secrets-env-example-placeholders',
  title: '.env.example holds placeholders only',
  skill: 'secret-management',
  appliesTo: (model) => model.flags.hasSecrets,
  run(files, model) {
    const text = files.read('.env.example');
    if (text === undefined) return [{ path: '.env.example', message: 'missing' }];
    return envExampleProblems(
      text,
      new Set(model.env.filter((variable) => variable.isSecret).map((variable) => variable.name)),
    );
  },
};

/**
 * The TOML subset gitleaks configurations use: tables, arrays of tables, `key = value` with
 * strings (basic or ''' literal), booleans, numbers and arrays spanning lines.
 */
export function gitleaksProblems(text: string): string[] {
  const problems: string[] = [];
  let openArray = 0;
  let hasExtendDefault = false;
  let inExtend = false;
  let allowlists = 0;
  let allowsPlaceholder = false;
  for (const [index, raw] of text.split('\n').entries()) {
    const line = stripTomlComment(raw).trim();
    if (line === '') continue;
    const where = `line ${index + 1}`;
    if (openArray > 0) {
      if (!/^(?:'''.*'''|"(?:[^"\\]|\\.)*"|[\d.]+|true|false)\s*,?$|^\]$/.test(line))
        problems.push(`${where}: expected an array item or ]`);
      if (/change-me/i.test(line)) allowsPlaceholder = true;
      if (line.startsWith(']')) openArray--;
      continue;
    }
    const table = /^\[(\[)?\s*([A-Za-z0-9_.-]+)\s*\]?\]$/.exec(line);
    if (table) {
      inExtend = table[2] === 'extend' && !table[1];
      if (
        table[2] === 'allowlists' ||
        table[2] === 'allowlist' ||
        table[2]?.endsWith('.allowlists') ||
        table[2]?.endsWith('.allowlist')
      )
        allowlists++;
      continue;
    }
    const pair = /^([A-Za-z0-9_-]+)\s*=\s*(.+)$/.exec(line);
    if (!pair) {
      problems.push(`${where}: not a table header nor key = value`);
      continue;
    }
    const value = pair[2] ?? '';
    if (inExtend && pair[1] === 'useDefault' && value === 'true') hasExtendDefault = true;
    if (value === '[') openArray++;
    else if (!/^(?:'''.*'''|'[^']*'|"(?:[^"\\]|\\.)*"|-?[\d.]+|true|false|\[.*\])$/.test(value))
      problems.push(`${where}: invalid value ${value}`);
    if (/change-me/i.test(value)) allowsPlaceholder = true;
  }
  if (openArray > 0) problems.push('an array is not closed');
  if (!hasExtendDefault)
    problems.push('[extend] useDefault = true is missing: the default rules would not run');
  if (allowlists === 0)
    problems.push('no allowlist: the documented placeholders would be reported');
  else if (!allowsPlaceholder)
    problems.push('no allowlist covers the change-me placeholders of .env.example');
  return problems;
}

function stripTomlComment(line: string): string {
  let inBasic = false;
  let inLiteral = false;
  for (let index = 0; index < line.length; index++) {
    const character = line[index];
    if (line.startsWith("'''", index) && !inBasic) {
      inLiteral = !inLiteral;
      index += 2;
    } else if (character === '"' && !inLiteral && line[index - 1] !== '\\') inBasic = !inBasic;
    else if (character === '#' && !inBasic && !inLiteral) return line.slice(0, index);
  }
  return line;
}

const gitleaks: DomainCheck = {
  id: 'secrets-gitleaks-config',
  title: '.gitleaks.toml keeps the default rules and allow-lists the placeholders',
  skill: 'secret-management',
  appliesTo: (model) => model.flags.hasSecrets,
  run(files) {
    const text = files.read('.gitleaks.toml');
    if (text === undefined) return [{ path: '.gitleaks.toml', message: 'missing' }];
    return gitleaksProblems(text).map((message) => ({ path: '.gitleaks.toml', message }));
  },
};

const CAPABILITIES = new Set([
  'create',
  'read',
  'update',
  'patch',
  'delete',
  'list',
  'sudo',
  'deny',
  'subscribe',
  'recover',
]);
const POLICY_KEYS = new Set([
  'capabilities',
  'required_parameters',
  'allowed_parameters',
  'denied_parameters',
  'min_wrapping_ttl',
  'max_wrapping_ttl',
]);

/**
 * Problems of a Vault policy: `path "<glob>" { capabilities = [...] }` blocks only, known
 * capabilities, and least privilege (no catch-all paths, no sudo outside sys/).
 */
export function vaultPolicyProblems(text: string): string[] {
  const source = text
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
    .replace(/(^|\s)(#|\/\/).*$/gm, '$1');
  const problems: string[] = [];
  const tokens = [...source.matchAll(/"(?:[^"\\]|\\.)*"|[{}[\]=,]|[A-Za-z_][A-Za-z0-9_]*|\S/g)].map(
    (match) => ({ text: match[0], line: source.slice(0, match.index).split('\n').length }),
  );
  let index = 0;
  let paths = 0;
  const next = () => tokens[index++];
  while (index < tokens.length) {
    const keyword = next();
    if (keyword?.text !== 'path') {
      problems.push(
        `line ${keyword?.line ?? '?'}: expected path, found ${keyword?.text ?? 'end of file'}`,
      );
      break;
    }
    const name = next();
    if (!name?.text.startsWith('"')) {
      problems.push(`line ${name?.line ?? keyword.line}: path needs a quoted glob`);
      break;
    }
    const glob = name.text.slice(1, -1);
    if (next()?.text !== '{') {
      problems.push(`line ${name.line}: expected { after path "${glob}"`);
      break;
    }
    paths++;
    let capabilities: string[] | undefined;
    let token = next();
    while (token && token.text !== '}') {
      const key = token.text;
      if (!POLICY_KEYS.has(key))
        problems.push(`line ${token.line}: unknown key ${key} in path "${glob}"`);
      if (next()?.text !== '=') {
        problems.push(`line ${token.line}: expected = after ${key}`);
        return problems;
      }
      if (key === 'capabilities') {
        if (next()?.text !== '[') {
          problems.push(`line ${token.line}: capabilities must be a list`);
          return problems;
        }
        capabilities = [];
        let item = next();
        while (item && item.text !== ']') {
          if (item.text.startsWith('"')) capabilities.push(item.text.slice(1, -1));
          else if (item.text !== ',')
            problems.push(`line ${item.line}: unexpected ${item.text} in capabilities`);
          item = next();
        }
      } else {
        // Values of the other keys: a string, or a balanced block/list.
        let depth = 0;
        do {
          const value = next();
          if (!value) break;
          if (value.text === '{' || value.text === '[') depth++;
          if (value.text === '}' || value.text === ']') depth--;
        } while (depth > 0);
      }
      token = next();
    }
    if (!token) {
      problems.push(`path "${glob}": block is not closed`);
      break;
    }
    if (!capabilities || capabilities.length === 0)
      problems.push(`path "${glob}": no capabilities`);
    for (const capability of capabilities ?? [])
      if (!CAPABILITIES.has(capability))
        problems.push(`path "${glob}": unknown capability ${capability}`);
    if (/^[*+]?$|^[^/]+\/\*$/.test(glob) && !glob.startsWith('sys/'))
      problems.push(
        `path "${glob}" grants a whole mount or everything; scope it to the workload's secrets`,
      );
    if (capabilities?.includes('sudo') && !glob.startsWith('sys/'))
      problems.push(`path "${glob}": sudo outside sys/ is never needed by a workload`);
  }
  if (paths === 0 && problems.length === 0) problems.push('the policy grants nothing');
  return problems;
}

const vaultPolicies: DomainCheck = {
  id: 'secrets-vault-policies',
  title: 'Vault policies: path blocks with known capabilities, scoped to the workload',
  skill: 'secret-management',
  appliesTo: (model) => model.flags.usesVault,
  run(files) {
    const paths = files
      .paths()
      .filter((path) => /^config\/secrets\/vault\/policies\/[^/]+\.hcl$/.test(path));
    const bootstrap = files.read('config/secrets/vault/bootstrap.sh') ?? '';
    const written = [...bootstrap.matchAll(/policies\/([A-Za-z0-9_-]+)\.hcl/g)].map(
      (match) => `config/secrets/vault/policies/${match[1] ?? ''}.hcl`,
    );
    const problems: DomainProblem[] = written
      .filter((path) => !paths.includes(path))
      .map((path) => ({
        path,
        message: 'bootstrap.sh writes this policy, but the file is missing',
      }));
    return [
      ...problems,
      ...paths.flatMap((path) =>
        vaultPolicyProblems(files.read(path) ?? '').map((message) => ({ path, message })),
      ),
    ];
  },
};

type Manifest = {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: string };
  spec?: Record<string, unknown>;
};

/** Problems of External Secrets objects: served API version, refresh, store reference, owned target. */
export function externalSecretProblems(manifests: readonly Manifest[]): string[] {
  const problems: string[] = [];
  const stores = new Set(
    manifests
      .filter(
        (manifest) => manifest.kind === 'SecretStore' || manifest.kind === 'ClusterSecretStore',
      )
      .map((manifest) => `${String(manifest.kind)}/${manifest.metadata?.name ?? ''}`),
  );
  for (const manifest of manifests) {
    if (
      typeof manifest.apiVersion !== 'string' ||
      !manifest.apiVersion.startsWith('external-secrets.io/')
    )
      continue;
    const name = `${String(manifest.kind)}/${manifest.metadata?.name ?? '?'}`;
    if (manifest.apiVersion !== 'external-secrets.io/v1')
      problems.push(
        `${name}: apiVersion ${manifest.apiVersion} is no longer served (ESO 0.17+ serves external-secrets.io/v1)`,
      );
    if (manifest.kind === 'SecretStore' || manifest.kind === 'ClusterSecretStore') {
      const provider = manifest.spec?.provider as Record<string, unknown> | undefined;
      if (!provider || Object.keys(provider).length !== 1)
        problems.push(`${name}: exactly one provider is required`);
    }
    if (manifest.kind !== 'ExternalSecret') continue;
    const spec = manifest.spec ?? {};
    if (
      typeof spec.refreshInterval !== 'string' ||
      !/^(\d+(ns|us|µs|ms|s|m|h))+$/.test(spec.refreshInterval)
    )
      problems.push(`${name}: refreshInterval must be a duration such as 1h`);
    const ref = spec.secretStoreRef as { name?: string; kind?: string } | undefined;
    if (!ref?.name) problems.push(`${name}: secretStoreRef.name is missing`);
    else if (!stores.has(`${ref.kind ?? 'SecretStore'}/${ref.name}`) && stores.size > 0)
      problems.push(
        `${name}: secretStoreRef ${ref.kind ?? 'SecretStore'}/${ref.name} is not defined`,
      );
    const target = spec.target as { name?: string; creationPolicy?: string } | undefined;
    if (!target?.name) problems.push(`${name}: target.name is missing`);
    if (target?.creationPolicy !== 'Owner')
      problems.push(
        `${name}: target.creationPolicy should be Owner, so the Secret is deleted with it`,
      );
    const data = (spec.data ?? []) as { secretKey?: string; remoteRef?: { key?: string } }[];
    if (data.length === 0 && !spec.dataFrom) problems.push(`${name}: no data`);
    data.forEach((item, index) => {
      if (!item.secretKey || !item.remoteRef?.key)
        problems.push(`${name}: data[${index}] needs secretKey and remoteRef.key`);
    });
  }
  return problems;
}

function externalSecretManifests(files: ProjectFiles): { path: string; manifests: Manifest[] }[] {
  return kubernetesManifests(files).map(({ path, manifests }) => ({
    path,
    manifests,
  }));
}

const externalSecrets: DomainCheck = {
  id: 'secrets-external-secrets',
  title:
    'External Secrets: external-secrets.io/v1, refreshInterval, a defined store, an owned target',
  skill: 'secret-management',
  appliesTo: (model) => model.flags.usesKubernetes && model.flags.hasSecrets,
  run(files) {
    const all = externalSecretManifests(files);
    const manifests = all.flatMap((item) => item.manifests);
    const problems = externalSecretProblems(manifests);
    return problems.map((message) => {
      const owner = all.find((item) =>
        item.manifests.some((manifest) =>
          message.startsWith(`${String(manifest.kind)}/${manifest.metadata?.name ?? '?'}:`),
        ),
      );
      return { path: owner?.path ?? 'k8s/', message };
    });
  },
};

/** For the verification suite: parse a YAML text into manifests. */
export function manifestsOf(text: string): Manifest[] {
  return parseYamlDocuments(text).documents as Manifest[];
}

/** Layer-3 checks for this area (see types.ts). */
export const secretsChecks: DomainCheck[] = [envExample, gitleaks, vaultPolicies, externalSecrets];
