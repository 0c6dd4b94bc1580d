import { lookup, markdownTable, renderTemplate } from '../src/template';

describe('renderTemplate', () => {
  it('fills each placeholder with the formatted value at its path', () => {
    // Prepare
    const view = { 'end-to-end': { e2e_ms: { p95: 53.64 }, parameters: { rate: 200 } } };

    // Act
    const text = renderTemplate(
      'p95 {{end-to-end.e2e_ms.p95}} ms at {{ end-to-end.parameters.rate }}/s',
      view,
    );

    // Assess
    expect(text).toBe('p95 53.6 ms at 200/s');
  });

  it('shows a dash for a value the run did not produce', () => {
    // Act
    const text = renderTemplate('{{cold-start.import_ms_query.median}} ms', {});

    // Assess
    expect(text).toBe('— ms');
  });

  it('renders a table placeholder as a Markdown table of the rows there', () => {
    // Prepare
    const view = {
      curve: [
        { rate: 50, p95: 35.25 },
        { rate: 100, p95: 1234.5 },
      ],
    };

    // Act
    const text = renderTemplate('{{table:curve}}', view);

    // Assess
    expect(text).toBe('| rate | p95 |\n| --- | --- |\n| 50.0 | 35.3 |\n| 100 | 1,235 |');
  });

  it('leaves text without placeholders as it is', () => {
    // Act
    const text = renderTemplate('a { b } $1 {{', { a: 1 });

    // Assess
    expect(text).toBe('a { b } $1 {{');
  });
});

describe('lookup', () => {
  it('reads array indexes and object keys along a dotted path', () => {
    // Act
    const value = lookup({ a: { list: [{ b: 'x' }] } }, 'a.list.0.b');

    // Assess
    expect(value).toBe('x');
  });
});

describe('markdownTable', () => {
  it('escapes pipes in cells and says when there is no data', () => {
    // Act
    const table = markdownTable([{ status: 'a | b', ok: true }]);
    const empty = markdownTable([]);

    // Assess
    expect(table).toBe('| status | ok |\n| --- | --- |\n| a \\| b | yes |');
    expect(empty).toBe('(no data)');
  });
});
