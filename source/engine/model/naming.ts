/** Naming helpers shared by the model and the generators. */

const IRREGULAR: Record<string, string> = {
  people: 'person',
  children: 'child',
  data: 'datum',
  analyses: 'analysis',
  statuses: 'status',
  addresses: 'address',
  indices: 'index',
};

/** `page_views` → `page_view`, `categories` → `category`, `addresses` → `address`. */
export function singularize(plural: string): string {
  const parts = plural.split('_');
  const last = parts.pop() ?? '';
  let singular = IRREGULAR[last];
  if (!singular) {
    if (/[^aeiou]ies$/.test(last)) singular = `${last.slice(0, -3)}y`;
    else if (/(ss|x|z|ch|sh)es$/.test(last)) singular = last.slice(0, -2);
    else if (/s$/.test(last) && !/(ss|us|is)$/.test(last)) singular = last.slice(0, -1);
    else singular = last;
  }
  return [...parts, singular].join('_');
}

export function pascalCase(snake: string): string {
  return snake
    .split(/[_\-\s]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

export function camelCase(snake: string): string {
  const pascal = pascalCase(snake);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

export function kebabCase(text: string): string {
  return text.replace(/[_\s]+/g, '-').toLowerCase();
}

export function snakeCase(text: string): string {
  return text.replace(/[-\s]+/g, '_').toLowerCase();
}

export function titleCase(slug: string): string {
  return slug
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
