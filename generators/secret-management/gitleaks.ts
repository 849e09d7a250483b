import { lines } from '../shared/text.js';
import type { ProjectModel } from '../types.js';
import { VERSIONS } from './versions.js';

/**
 * `.gitleaks.toml`: the default rule set plus allowlists for what is a placeholder by design. The
 * allowlists are narrow on purpose: a path allowlist for the environment template would hide a
 * real key pasted into it, so the template is allowed by its placeholder values, not by its path.
 */
export function renderGitleaksConfig(model: ProjectModel): string {
  const placeholders = [
    ...new Set(
      model.env.filter((variable) => variable.isSecret).map((variable) => variable.example),
    ),
  ]
    .filter((value) => !value.startsWith('/'))
    .sort();
  return lines(
    `# gitleaks ${VERSIONS.gitleaks} configuration for ${model.title}.`,
    '# Runs in pre-commit (.pre-commit-config.yaml), in CI and with `make secrets-scan`.',
    '# A finding blocks the commit: rotate the secret first (docs/runbook.md, "A credential leaked"),',
    '# then remove it from the history; an allowlist entry is never the fix for a real secret.',
    '',
    'title = "gitleaks configuration"',
    '',
    '# Keep every built-in rule (AWS keys, private keys, Slack/GitHub tokens, generic API keys, …);',
    '# this file only adds allowlists.',
    '[extend]',
    'useDefault = true',
    '',
    '# The placeholders of .env.example and of the generated docs. Matching is on the secret value',
    '# itself, so the same variable with a real value in any file is still reported.',
    '[[allowlists]]',
    'description = "Documented placeholders (change-me and the example values of .env.example)"',
    'regexes = [',
    "  '''(?i)change-me''',",
    "  '''(?i)replace[-_ ]?me''',",
    placeholders
      .filter((value) => !/change-me/i.test(value))
      .map((value) => `  '''${escapeTomlLiteralRegex(value)}''',`),
    ']',
    '',
    '# Deliberately broken fixtures of the test suites: fake keys that prove the scanners work.',
    '[[allowlists]]',
    'description = "Test fixtures with fake secrets"',
    'paths = [',
    "  '''^tests/fixtures/''',",
    "  '''^test/fixtures/''',",
    ']',
    '',
    '# Lock files hold integrity hashes, which look like high-entropy secrets.',
    '[[allowlists]]',
    'description = "Dependency lock files"',
    'paths = [',
    "  '''(^|/)(package-lock\\.json|pnpm-lock\\.yaml|yarn\\.lock|go\\.sum|poetry\\.lock|uv\\.lock)$''',",
    ']',
  );
}

/** A literal value inside a TOML literal string holding a Go regular expression. */
function escapeTomlLiteralRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll("'''", "\\'\\'\\'");
}
