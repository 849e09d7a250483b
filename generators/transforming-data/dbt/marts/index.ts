import type { ProjectModel } from '../../../../source/engine/model/types.js';
import { dailyAggregates } from './daily-aggregate.js';
import { dataVaultMarts } from './data-vault.js';
import { dimensionalMarts } from './dimensional.js';
import type { MartModel } from './mart.js';
import { oneBigTableMarts } from './one-big-table.js';
import { thirdNormalFormMarts } from './third-normal-form.js';

/** The marts of the modeling answer, plus a daily aggregate per fact whatever the modeling. */
export function martModels(model: ProjectModel): MartModel[] {
  const core = {
    dimensional: dimensionalMarts,
    'data-vault': dataVaultMarts,
    '3nf': thirdNormalFormMarts,
    'one-big-table': oneBigTableMarts,
  }[model.architecture.modeling](model);
  return [...core, ...dailyAggregates(model)];
}

export type { MartModel };
