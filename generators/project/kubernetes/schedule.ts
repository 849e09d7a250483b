/**
 * The shortest gap between two runs of a five-field cron schedule, in minutes, from its minute
 * and hour fields (day fields only make gaps longer). A job's deadline must stay below it, or
 * runs pile up behind `concurrencyPolicy: Forbid`.
 */
export function shortestGapMinutes(schedule: string): number {
  const macro: Record<string, number> = {
    '@hourly': 60,
    '@daily': 1440,
    '@midnight': 1440,
    '@weekly': 10080,
    '@monthly': 40320,
    '@yearly': 525600,
    '@annually': 525600,
  };
  const trimmed = schedule.trim().toLowerCase();
  if (macro[trimmed] !== undefined) return macro[trimmed];
  const [minuteField = '*', hourField = '*'] = trimmed.split(/\s+/);
  const minutes = expand(minuteField, 0, 59);
  const hours = expand(hourField, 0, 23);
  const times = hours
    .flatMap((hour) => minutes.map((minute) => hour * 60 + minute))
    .sort((a, b) => a - b);
  if (times.length <= 1) return 1440;
  let gap = 1440 - (times[times.length - 1] ?? 0) + (times[0] ?? 0);
  for (let index = 1; index < times.length; index++)
    gap = Math.min(gap, (times[index] ?? 0) - (times[index - 1] ?? 0));
  return gap;
}

function expand(field: string, min: number, max: number): number[] {
  const values = new Set<number>();
  for (const item of field.split(',')) {
    const [range = '*', stepText] = item.split('/');
    const step = stepText ? Number(stepText) : 1;
    let [low, high] = range === '*' ? [min, max] : range.split('-').map(Number);
    low ??= min;
    high ??= stepText ? max : low;
    for (let value = low; value <= high; value += step) values.add(value);
  }
  return [...values].filter((value) => Number.isFinite(value));
}

/** A job's deadline: 90 % of the gap between runs, at most four hours. */
export function activeDeadlineSeconds(schedule: string): number {
  return Math.min(Math.floor(shortestGapMinutes(schedule) * 60 * 0.9), 4 * 3600);
}
