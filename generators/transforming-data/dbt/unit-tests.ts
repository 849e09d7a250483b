import { Scalar } from 'yaml';
import type { Column, Entity, ProjectModel } from '../../../source/engine/model/types.js';
import { keepsLatestState } from '../../shared/data-architecture.js';
import { loadedAtColumn } from './columns.js';
import { stagingName } from './layout.js';
import type { UnitTest } from './properties.js';

/**
 * Unit tests (dbt 1.8+ `given`/`expect`) for the one piece of logic every pipeline depends on:
 * the staging deduplication. An event delivered twice keeps its first delivery; a changelog row (a
 * dimension, or a fact captured by CDC) that arrives in two versions keeps the latest.
 */
export function stagingUnitTests(model: ProjectModel): UnitTest[] {
  const fact = model.facts[0];
  const dimension = model.dimensions[0];
  return [
    ...(fact ? [keepsLatestState(model, fact) ? dimensionTest(fact) : factTest(fact)] : []),
    ...(dimension ? [dimensionTest(dimension)] : []),
  ];
}

/** A descriptive column whose sample values differ between rows, to show which row was kept. */
function witness(entity: Entity): Column | undefined {
  return entity.columns.find(
    (column) =>
      !column.isKey &&
      !column.references &&
      !column.isPii &&
      column !== entity.eventTime &&
      column.type === 'string' &&
      !column.isNullable,
  );
}

/**
 * Timestamps are written quoted: PyYAML (dbt) reads an unquoted `2026-01-05 08:00:00+00` as a
 * datetime object, the fixture should hold exactly the text the warehouse casts.
 */
function quoted(value: string): Scalar<string> {
  const scalar = new Scalar(value);
  scalar.type = 'QUOTE_SINGLE';
  return scalar;
}
const zoned = (value: string) => quoted(`${value}+00`);
function plusSeconds(value: string, seconds: number): string {
  return new Date(Date.parse(`${value.replace(' ', 'T')}Z`) + seconds * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace('.000Z', '');
}

function sample(entity: Entity, index: number): Record<string, string> {
  return entity.sampleRows[index] ?? entity.sampleRows[0] ?? {};
}

function factTest(entity: Entity): UnitTest {
  const key = entity.key.name;
  const eventTime = entity.eventTime.name;
  const first = sample(entity, 0);
  const second = sample(entity, 1);
  const extra = witness(entity);
  const row = (source: Record<string, string>, loadedAt: string, value?: string) => ({
    [key]: source[key],
    [eventTime]: zoned(source[eventTime] ?? ''),
    ...(extra ? { [extra.name]: value ?? source[extra.name] } : {}),
    _loaded_at: zoned(loadedAt),
  });
  const firstLoaded = plusSeconds(first[eventTime] ?? '', 60);
  const redelivered = plusSeconds(firstLoaded, 300);
  const secondLoaded = plusSeconds(second[eventTime] ?? '', 60);
  const expected = (source: Record<string, string>, loadedAt: string) => ({
    [key]: source[key],
    ...(extra ? { [extra.name]: source[extra.name] } : {}),
    [loadedAtColumn(entity)]: quoted(loadedAt),
  });
  return {
    name: `${stagingName(entity)}_keeps_the_first_delivery`,
    description: `A ${entity.singular.replaceAll('_', ' ')} delivered twice (at-least-once loading) appears once, as first delivered; others pass through.`,
    model: stagingName(entity),
    given: [
      {
        input: `source('raw', '${entity.name}')`,
        rows: [row(first, redelivered), row(first, firstLoaded), row(second, secondLoaded)],
      },
    ],
    expect: { rows: [expected(first, firstLoaded), expected(second, secondLoaded)] },
  };
}

function dimensionTest(entity: Entity): UnitTest {
  const key = entity.key.name;
  const eventTime = entity.eventTime.name;
  const current = sample(entity, 0);
  const other = sample(entity, 1);
  const extra = witness(entity);
  const newer = current[eventTime] ?? '';
  const older = plusSeconds(newer, -86_400);
  const row = (changedAt: string, value: string | undefined, loadedAt: string) => ({
    [key]: current[key],
    [eventTime]: zoned(changedAt),
    ...(extra ? { [extra.name]: value } : {}),
    _loaded_at: zoned(loadedAt),
  });
  return {
    name: `${stagingName(entity)}_keeps_the_latest_version`,
    description: `Two versions of a ${entity.singular.replaceAll('_', ' ')}: the one with the latest ${eventTime} wins, even when the older one arrives last.`,
    model: stagingName(entity),
    given: [
      {
        input: `source('raw', '${entity.name}')`,
        // The older version arrives after the newer one (a replayed partition): arrival order must not win.
        rows: [
          row(newer, extra ? current[extra.name] : undefined, plusSeconds(newer, 60)),
          row(older, extra ? other[extra.name] : undefined, plusSeconds(newer, 120)),
        ],
      },
    ],
    expect: {
      rows: [
        {
          [key]: current[key],
          [eventTime]: quoted(newer),
          ...(extra ? { [extra.name]: current[extra.name] } : {}),
        },
      ],
    },
  };
}
