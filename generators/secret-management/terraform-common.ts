import {
  attribute,
  blank,
  block,
  comment,
  hclObject,
  hclString,
  type HclExpression,
  renderHcl,
  type HclItem,
} from '../shared/hcl.js';
import type { FileSpec } from '../types.js';
import { VERSIONS } from './versions.js';

/** The `terraform {}` block with the pinned Terraform and provider versions. */
export function terraformBlock(
  providers: Record<string, { source: string; version: string }>,
): HclItem {
  return block(
    'terraform',
    [],
    [
      attribute('required_version', VERSIONS.terraform),
      blank,
      block(
        'required_providers',
        [],
        Object.entries(providers).map(([name, provider]) =>
          attribute(
            name,
            hclObject({ source: hclString(provider.source), version: hclString(provider.version) }),
          ),
        ),
      ),
    ],
  );
}

/** A variable with a description, a type and an optional default. */
export function variable(
  name: string,
  description: string,
  options: {
    type?: string;
    default?: string | number | HclExpression;
    sensitive?: boolean;
    validation?: { condition: string; message: string };
  } = {},
): HclItem {
  const body: HclItem[] = [
    attribute('description', description),
    attribute('type', { hcl: options.type ?? 'string' }),
  ];
  if (options.default !== undefined) body.push(attribute('default', options.default));
  if (options.sensitive) body.push(attribute('sensitive', true));
  if (options.validation) {
    body.push(
      blank,
      block(
        'validation',
        [],
        [
          attribute('condition', { hcl: options.validation.condition }),
          attribute('error_message', options.validation.message),
        ],
      ),
    );
  }
  return block('variable', [name], body);
}

export const header = (lines: string[]): HclItem[] => [comment(lines.join('\n')), blank];

/** The folder every cloud store's Terraform is written to. */
export const TERRAFORM_DIRECTORY = 'config/secrets/terraform';

/**
 * One cloud store's Terraform root: the same five files for every cloud (versions, variables,
 * secrets, IAM, outputs), each rendered from its HCL items.
 */
export function terraformRoot(files: {
  versions: HclItem[];
  variables: HclItem[];
  secrets: HclItem[];
  iam: HclItem[];
  outputs: HclItem[];
}): FileSpec[] {
  return Object.entries(files).map(([name, items]) => ({
    path: `${TERRAFORM_DIRECTORY}/${name}.tf`,
    kind: 'text' as const,
    render: () => renderHcl(items),
  }));
}
