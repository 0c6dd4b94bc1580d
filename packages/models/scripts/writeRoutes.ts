/**
 * Writes the route table of `src/routes.ts` to `infra/terraform/modules/stateless/routes.json`,
 * from which the Terraform module creates API Gateway's methods: the local API server and
 * API Gateway route by one list. The file is committed (Terraform runs without Node); a
 * models test fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { routes } from '../src/routes';

export const routesJsonFile = path.join(
  __dirname,
  '..',
  '..',
  '..',
  'infra',
  'terraform',
  'modules',
  'stateless',
  'routes.json',
);

/** The file's content: one route per line, stable order. */
export function routesJson(): string {
  const lines = routes.map((route) => `  ${JSON.stringify(route)}`);
  return `[\n${lines.join(',\n')}\n]\n`;
}

if (require.main === module) {
  writeFileSync(routesJsonFile, routesJson());
  console.log(`writeRoutes: wrote ${path.relative(process.cwd(), routesJsonFile)}`);
}
