// Every type, field, argument and input field of the SDL says what it is.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildASTSchema, isInputObjectType, isObjectType, parse, concatAST } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadTypeDefs } from '../../../src/api/server.js';

const SCHEMA_DIR = path.resolve(fileURLToPath(new URL('../../../schema', import.meta.url)));

describe('GraphQL SDL', () => {
  it('describes every type, field, argument and input field', () => {
    const schema = buildASTSchema(concatAST(loadTypeDefs(SCHEMA_DIR).map((s) => parse(s))));
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
