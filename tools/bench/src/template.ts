import { formatNumber } from './format';

/** A cell or a placeholder's value as the page shows it. */
function show(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) {
    return value.map(formatNumber).join(', ');
  }
  return value === undefined || value === null ? '—' : JSON.stringify(value);
}

/** The value at a dotted path (`end-to-end.e2e_ms.p95`), undefined where any step is missing. */
export function lookup(view: unknown, path: string): unknown {
  let node = view;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A Markdown table of rows (objects): one column per key of the first row. */
export function markdownTable(rows: unknown): string {
  if (!Array.isArray(rows) || rows.length === 0) return '(no data)';
  const columns = Object.keys(rows[0] as object);
  const cell = (value: unknown) => show(value).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map(
      (row) => `| ${columns.map((c) => cell((row as Record<string, unknown>)[c])).join(' | ')} |`,
    ),
  ].join('\n');
}

/**
 * Fills a Markdown template: `{{path}}` becomes the value at that path of `view`, formatted
 * (numbers to three figures, a missing value "—"); `{{table:path}}` becomes a table of the
 * rows there. The prose lives in the template, the numbers in the view.
 */
export function renderTemplate(template: string, view: unknown): string {
  return template.replace(/\{\{\s*(table:)?([\w.-]+)\s*\}\}/g, (_match, table, path: string) =>
    table ? markdownTable(lookup(view, path)) : show(lookup(view, path)),
  );
}
