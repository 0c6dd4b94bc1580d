import { readFileSync } from 'node:fs';
import path from 'node:path';
import { commonOptions } from '../src/args';
import { commands } from '../src/commands/index';
import { timeoutOption } from '../src/connect';
import { apiOptions, notificationsOption, queueOptions } from '../src/target';

const manual = readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'CLI.md'), 'utf8');

/** The manual's `### …` sections by their heading line. */
const sections = manual.split(/^### /m).slice(1);

/** Flags every command of a kind shares: documented once, in the Target section. */
const shared = new Set(
  Object.keys({
    ...apiOptions,
    ...queueOptions,
    ...notificationsOption,
    ...timeoutOption,
    ...commonOptions,
  }),
);
const targetSection = manual.slice(manual.indexOf('## Target'), manual.indexOf('## Commands'));

describe('docs/CLI.md', () => {
  it.each(commands.map((command) => [command.spec.name, command.spec] as const))(
    'documents `fluxa %s` and every flag it takes',
    (name, spec) => {
      // Act
      const section = sections.find((text) => text.split('\n')[0]?.includes(`\`fluxa ${name}\``));

      // Assess
      expect({ name, documented: section !== undefined }).toEqual({ name, documented: true });
      const missing = Object.keys(spec.options).filter(
        (flag) => !(shared.has(flag) ? targetSection : (section ?? '')).includes(`--${flag}`),
      );
      expect({ name, missing }).toEqual({ name, missing: [] });
    },
  );
});
