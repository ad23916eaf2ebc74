// Maps our error codes to GraphQL error extensions; unknown errors become INTERNAL_SERVER_ERROR without a stack.
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ParseError, TopolensError, type ErrorCode } from '../errors.js';
import { logger } from '../logger.js';

const log = logger('api');

const EXTENSION_CODE: Record<ErrorCode, string> = {
  TOPO_PARSE: 'BAD_USER_INPUT',
  TOPO_BAD_INPUT: 'BAD_USER_INPUT',
  TOPO_NOT_FOUND: 'NOT_FOUND',
  TOPO_CONFIG: 'INTERNAL_SERVER_ERROR',
  TOPO_NEO4J: 'SERVICE_UNAVAILABLE',
  TOPO_MISSING_TOOL: 'INTERNAL_SERVER_ERROR',
  TOPO_INTERNAL: 'INTERNAL_SERVER_ERROR',
};

export function badInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(argument ? { argument } : {}) } });
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof TopolensError) {
    const location = original instanceof ParseError ? { location: original.location, expected: original.expected } : {};
    return { message: original.message, path: formatted.path, extensions: { code: EXTENSION_CODE[original.code], topolensCode: original.code, ...location } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
    const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  log.error({ err: original }, 'unexpected error in a resolver');
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
