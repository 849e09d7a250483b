import { expectedAnnotations, isAlert, type AlertRule, type RuleGroup } from './rules.js';

/**
 * monitoring/prometheus/alerts.test.yml for `promtool test rules`: per alert, the input series
 * that should trigger it, a time at which it must still be quiet (pending or below threshold)
 * and the time at which it fires with its exact labels and rendered annotations.
 */
export function ruleTests(
  files: readonly string[],
  groups: readonly RuleGroup[],
): Record<string, unknown> {
  const alerts = groups
    .flatMap((group) => group.rules.filter(isAlert))
    .filter(
      (rule): rule is AlertRule & Required<Pick<AlertRule, 'test'>> => rule.test !== undefined,
    );
  return {
    rule_files: [...files],
    evaluation_interval: '1m',
    tests: alerts.map((rule) => {
      const test = rule.test;
      const labels = { ...test.labels, severity: rule.severity, ...(rule.extraLabels ?? {}) };
      return {
        name: `${rule.alert} fires`,
        interval: test.interval,
        input_series: test.series.map((series) => ({
          series: series.series,
          values: series.values,
        })),
        alert_rule_test: [
          ...(test.quietTime
            ? [{ eval_time: test.quietTime, alertname: rule.alert, exp_alerts: [] }]
            : []),
          {
            eval_time: test.evalTime,
            alertname: rule.alert,
            exp_alerts: [
              {
                exp_labels: labels,
                exp_annotations: expectedAnnotations(rule, test.labels, test.value),
              },
            ],
          },
        ],
      };
    }),
  };
}
