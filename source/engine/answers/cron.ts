/**
 * A strict check of five-field cron expressions (minute hour day-of-month month day-of-week),
 * the form Airflow, Dagster, Prefect, Kubernetes CronJobs and crontab all accept. Names (JAN,
 * MON) and the common @-macros are allowed. The verification suite cross-checks generated
 * schedules with cron-parser, an independent implementation.
 */
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
] as const;

const MACROS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);

/** Undefined when valid, otherwise what is wrong. */
export function cronProblem(expression: string): string | undefined {
  const trimmed = expression.trim();
  if (MACROS.has(trimmed.toLowerCase())) return undefined;
  const parts = trimmed.split(/\s+/);
  if (parts.length !== 5) return `expected 5 fields, found ${parts.length}`;
  for (const [index, part] of parts.entries()) {
    const field = FIELDS[index];
    if (!field) return 'too many fields';
    for (const item of part.split(',')) {
      const problem = itemProblem(item, field);
      if (problem) return `${field.name}: ${problem}`;
    }
  }
  return undefined;
}

function itemProblem(
  item: string,
  field: { min: number; max: number; names?: readonly string[] },
): string | undefined {
  const [range, step, extra] = item.split('/');
  if (extra !== undefined || range === undefined || range === '') return `"${item}" is not valid`;
  if (step !== undefined && !/^\d+$/.test(step)) return `step "${step}" is not a number`;
  if (step !== undefined && Number(step) === 0) return 'a step of 0 never fires';
  if (range === '*') return undefined;
  const bounds = range.split('-');
  if (bounds.length > 2) return `"${range}" is not a range`;
  const numbers: number[] = [];
  for (const bound of bounds) {
    const value = valueOf(bound, field);
    if (value === undefined) return `"${bound}" is not a value`;
    if (value < field.min || value > field.max)
      return `${value} is outside ${field.min}-${field.max}`;
    numbers.push(value);
  }
  const [low, high] = numbers;
  if (high !== undefined && low !== undefined && low > high) return `range ${range} goes backwards`;
  return undefined;
}

function valueOf(
  text: string,
  field: { names?: readonly string[]; min: number },
): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toLowerCase()) ?? -1;
  return index < 0 ? undefined : index + field.min;
}
