import type { ProjectModel } from '../../source/engine/model/types.js';
import { lines } from '../shared/text.js';

/**
 * monitoring/alertmanager/: the route and receiver of the alert_route answer. Alertmanager does not
 * expand environment variables, so entrypoint.sh renders `${VAR}` references from the environment
 * at start-up and writes the secrets (webhook URL, routing key, SMTP password) to files that the
 * config reads with the `*_file` settings: secrets never sit in the repository or in the
 * rendered configuration Alertmanager shows on its status page.
 */

export const SECRETS_DIR = '/tmp/alertmanager/secrets';

/** The secret files the entrypoint writes, per route: file name → environment variable. */
export function secretFiles(model: ProjectModel): Record<string, string> {
  switch (model.performance.alertRoute) {
    case 'slack':
      return { slack_webhook_url: 'SLACK_WEBHOOK_URL' };
    case 'pagerduty':
      return { pagerduty_routing_key: 'PAGERDUTY_ROUTING_KEY' };
    case 'email':
      return { smtp_password: 'SMTP_PASSWORD' };
    case 'none':
      return {};
  }
}

/** Variables referenced as `${VAR}` in alertmanager.yml (rendered by the entrypoint). */
export function renderedVariables(model: ProjectModel): string[] {
  return model.performance.alertRoute === 'email'
    ? ['ALERT_EMAIL_TO', 'ALERT_EMAIL_FROM', 'SMTP_SMARTHOST', 'SMTP_USERNAME']
    : [];
}

function receiver(model: ProjectModel, name: string, isCritical: boolean): Record<string, unknown> {
  const title = `[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }} (${model.name})`;
  const text = [
    '{{ range .Alerts }}*{{ .Annotations.summary }}*',
    '{{ .Annotations.description }}',
    'Runbook: {{ .Annotations.runbook_url }}',
    '{{ end }}',
  ].join('\n');
  switch (model.performance.alertRoute) {
    case 'slack':
      return {
        name,
        slack_configs: [
          {
            api_url_file: `${SECRETS_DIR}/slack_webhook_url`,
            send_resolved: true,
            title,
            text,
            ...(isCritical
              ? { color: '{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}' }
              : {}),
          },
        ],
      };
    case 'pagerduty':
      return {
        name,
        pagerduty_configs: [
          {
            routing_key_file: `${SECRETS_DIR}/pagerduty_routing_key`,
            send_resolved: true,
            severity: isCritical ? 'critical' : 'warning',
            description: '{{ .CommonAnnotations.summary }}',
            details: {
              description: '{{ .CommonAnnotations.description }}',
              runbook: '{{ .CommonAnnotations.runbook_url }}',
              project: model.name,
            },
          },
        ],
      };
    case 'email':
      return {
        name,
        email_configs: [
          { to: '${ALERT_EMAIL_TO}', send_resolved: true, headers: { Subject: title } },
        ],
      };
    case 'none':
      return { name };
  }
}

export function alertmanagerConfig(model: ProjectModel): Record<string, unknown> {
  const route = model.performance.alertRoute;
  const global: Record<string, unknown> = { resolve_timeout: '5m' };
  if (route === 'email') {
    Object.assign(global, {
      smtp_smarthost: '${SMTP_SMARTHOST}',
      smtp_from: '${ALERT_EMAIL_FROM}',
      smtp_auth_username: '${SMTP_USERNAME}',
      smtp_auth_password_file: `${SECRETS_DIR}/smtp_password`,
      smtp_require_tls: true,
    });
  }
  return {
    global,
    route: {
      receiver: `${route}-warnings`,
      // One notification per alert and subject (mart, topic, SLO), not one per series.
      group_by: ['alertname', 'mart', 'topic', 'slo'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes: [
        {
          receiver: `${route}-critical`,
          matchers: ['severity="critical"'],
          group_wait: '10s',
          repeat_interval: '1h',
        },
        { receiver: 'blackhole', matchers: ['severity="info"'] },
      ],
    },
    // A breached freshness SLO already says the mart is stale: silence the warnings on the same
    // mart (slow burn) while it fires. The source always carries `mart`, so only alerts on that
    // mart are inhibited (labels missing on both sides would count as equal).
    inhibit_rules: [
      {
        source_matchers: ['alertname="MartFreshnessSloBreached"'],
        target_matchers: ['severity="warning"'],
        equal: ['mart'],
      },
    ],
    receivers: [
      receiver(model, `${route}-critical`, true),
      receiver(model, `${route}-warnings`, false),
      { name: 'blackhole' },
    ],
  };
}

export function renderAlertmanagerEntrypoint(model: ProjectModel): string {
  const files = secretFiles(model);
  return lines(
    '#!/bin/sh',
    '# Starts Alertmanager with its configuration rendered from the environment.',
    '# Alertmanager does not expand environment variables itself: every dollar-brace reference in',
    '# alertmanager.yml is replaced with the value of the environment (awk ENVIRON, no shell evaluation',
    '# of the values), and the secrets are',
    '# written to files readable by this user only, which the configuration reads with *_file settings.',
    'set -eu',
    'umask 077',
    `mkdir -p ${SECRETS_DIR}`,
    Object.entries(files).map(
      ([file, variable]) =>
        `printf '%s' "\${${variable}:?${variable} is not set (see .env.example)}" > ${SECRETS_DIR}/${file}`,
    ),
    '',
    "awk '{",
    '  out = ""; rest = $0',
    '  while (match(rest, /\\$\\{[A-Z0-9_]+\\}/)) {',
    '    out = out substr(rest, 1, RSTART - 1) ENVIRON[substr(rest, RSTART + 2, RLENGTH - 3)]',
    '    rest = substr(rest, RSTART + RLENGTH)',
    '  }',
    '  print out rest',
    "}' /etc/alertmanager/alertmanager.yml > /tmp/alertmanager/alertmanager.yml",
    '',
    'exec /bin/alertmanager \\',
    '  --config.file=/tmp/alertmanager/alertmanager.yml \\',
    '  --storage.path=/alertmanager \\',
    '  --web.listen-address=:9093',
  );
}
