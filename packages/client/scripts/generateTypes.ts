/**
 * Writes `src/generated/types.ts`: the client's request and response types, derived at build
 * time from the JSON Schemas the service's validators are compiled from (`@fluxa/models`, by
 * way of its OpenAPI document), so a schema change changes the client's types — and breaks
 * its build where the client relied on the old shape — instead of surprising its users. The
 * output is plain declarations: the published package imports nothing of `@fluxa/models`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from '@fluxa/models';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { provisionalSchemas } from './provisionalSchemas';

const outputFile = fileURLToPath(new URL('../src/generated/types.ts', import.meta.url));
const versionFile = fileURLToPath(new URL('../src/generated/version.ts', import.meta.url));
const packageFile = fileURLToPath(new URL('../package.json', import.meta.url));

type Schema = Record<string, unknown>;

const components = openApiDocument.components.schemas as unknown as Record<string, Schema>;

function child(schema: Schema | undefined, ...keys: string[]): Schema {
  let current: unknown = schema;
  for (const key of keys) current = (current as Schema | undefined)?.[key];
  if (typeof current !== 'object' || current === null) {
    throw new Error(`generateTypes: the schemas no longer have ${keys.join('.')}`);
  }
  return current as Schema;
}

/** The query parameters of GET /events as one object schema (OpenAPI lists them one by one). */
function listQuerySchema(): Schema {
  const parameters = openApiDocument.paths['/events'].get.parameters as ReadonlyArray<{
    name: string;
    description?: string;
    schema: Schema;
  }>;
  return {
    type: 'object',
    description: 'Query of GET /events.',
    properties: Object.fromEntries(
      parameters.map((parameter) => [parameter.name, parameter.schema]),
    ),
    additionalProperties: false,
  };
}

/** Component names that would shadow a global in the user's code (`Event` is the DOM's). */
const renamed: Record<string, string> = { Event: 'EventInput' };

/**
 * Every named type: the OpenAPI components, the shapes they share (named where they are
 * defined), and the provisional shapes of routes whose schemas the service does not publish
 * yet. A provisional shape the service now publishes is an error: delete it, so there is one.
 */
function namedSchemas(): Map<string, Schema> {
  const named = new Map<string, Schema>(
    Object.entries(components).map(([name, schema]) => [renamed[name] ?? name, schema]),
  );
  const error = child(components.ErrorBody, 'properties', 'error');
  named.set('ApiErrorInfo', error);
  named.set('Violation', child(error, 'properties', 'details', 'items'));
  named.set('EventListQuery', listQuerySchema());
  for (const [name, schema] of Object.entries(provisionalSchemas)) {
    if (named.has(name)) {
      throw new Error(
        `generateTypes: @fluxa/models now defines ${name}: delete it from scripts/provisionalSchemas.ts`,
      );
    }
    named.set(name, schema as Schema);
  }
  return named;
}

/**
 * A copy of `schema` in which every sub-schema that is one of the named ones (the same
 * object: the models embed shared fragments by reference) becomes a `$ref` to its name, so
 * each shape is declared once and referred to by name.
 */
function withReferences(schema: unknown, names: Map<object, string>, root: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((item) => withReferences(item, names, false));
  if (typeof schema !== 'object' || schema === null) return schema;
  const name = names.get(schema);
  if (name !== undefined && !root) return { $ref: `#/definitions/${name}` };
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, withReferences(value, names, false)]),
  );
}

/** Limits the client enforces before sending, read from the same schemas. */
function limits(): string {
  const maxBatchEvents = child(components.BatchRequest, 'properties', 'events').maxItems;
  const maxListLimit = child(listQuerySchema(), 'properties', 'limit').maximum;
  if (typeof maxBatchEvents !== 'number' || typeof maxListLimit !== 'number') {
    throw new Error('generateTypes: the batch or list limits are no longer numbers');
  }
  return [
    '/** Most events one POST /events/batch may carry. */',
    `export const maxBatchEvents = ${maxBatchEvents};`,
    '',
    '/** Largest page GET /events serves. */',
    `export const maxListLimit = ${maxListLimit};`,
  ].join('\n');
}

async function main(): Promise<void> {
  const named = namedSchemas();
  const names = new Map<object, string>([...named].map(([name, schema]) => [schema, name]));
  const definitions = Object.fromEntries(
    [...named].map(([name, schema]) => [
      name,
      { ...(withReferences(schema, names, true) as Schema), title: name },
    ]),
  );
  const root = { title: 'FluxaSchemas', definitions } as unknown as JSONSchema;
  const declarations = await compile(root, 'FluxaSchemas', {
    bannerComment: '',
    unreachableDefinitions: true,
    additionalProperties: true,
    strictIndexSignatures: false,
    format: true,
    style: { singleQuote: true, printWidth: 100 },
  });
  const source = [
    '// Generated by packages/client/scripts/generateTypes.ts from the JSON Schemas of @fluxa/models — do not edit.',
    '',
    declarations
      // The root only gathers the definitions; it is not a type of the API.
      .replace(/export interface FluxaSchemas \{[^}]*\}\n?/, '')
      .replace(/\n \*\n \* This interface was referenced by .*\n \* via the `definition` .*/g, '')
      .replace(
        /\/\*\*\n \* This interface was referenced by .*\n \* via the `definition` .*\n \*\/\n/g,
        '',
      ),
    limits(),
    '',
  ].join('\n');
  mkdirSync(path.dirname(outputFile), { recursive: true });
  writeFileSync(outputFile, source);
  const { version } = JSON.parse(readFileSync(packageFile, 'utf8')) as { version: string };
  writeFileSync(
    versionFile,
    `// Generated from package.json by scripts/generateTypes.ts — do not edit.\n\n/** This package's version, sent in the User-Agent. */\nexport const clientVersion = '${version}';\n`,
  );
  console.log(
    `generateTypes: wrote ${path.relative(process.cwd(), outputFile)} (${named.size} types)`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
