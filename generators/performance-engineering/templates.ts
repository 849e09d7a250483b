/**
 * Prometheus alert templates, and the same text rendered in TypeScript for the expected
 * annotations of the promtool unit tests. Templates only use `{{ $labels.<name> }}` and one
 * `{{ $value | … }}` whose formatted value the test supplies.
 */

export function renderTemplate(
  template: string,
  labels: Readonly<Record<string, string>>,
  value: string,
): string {
  return template
    .replace(
      /\{\{ \$labels\.([a-zA-Z_][a-zA-Z0-9_]*) \}\}/g,
      (_match, name: string) => labels[name] ?? '',
    )
    .replace(/\{\{ \$value[^}]*\}\}/g, value);
}

/** Prometheus' `humanizeDuration` for whole seconds (≥ 1 s): `1h 15m 0s`. */
export function humanizeDuration(totalSeconds: number): string {
  const seconds = Math.floor(totalSeconds);
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor(seconds / 3600) % 24;
  const minutes = Math.floor(seconds / 60) % 60;
  const rest = seconds % 60;
  if (days !== 0) return `${days}d ${hours}h ${minutes}m ${rest}s`;
  if (hours !== 0) return `${hours}h ${minutes}m ${rest}s`;
  if (minutes !== 0) return `${minutes}m ${rest}s`;
  return `${rest}s`;
}

/** GitHub's heading anchor: lowercase, punctuation dropped, spaces to hyphens. */
export function githubAnchor(title: string): string {
  return title
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
