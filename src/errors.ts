// One base error with a stable code; the API and CLI map codes, never message text.
export type ErrorCode =
  | 'TOPO_PARSE'
  | 'TOPO_NOT_FOUND'
  | 'TOPO_BAD_INPUT'
  | 'TOPO_CONFIG'
  | 'TOPO_NEO4J'
  | 'TOPO_MISSING_TOOL'
  | 'TOPO_INTERNAL';

export class TopolensError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TopolensError';
    this.code = code;
  }
}

/** Where in an input file a problem is. */
export interface InputLocation {
  file: string;
  line?: number;
  column?: number;
  record?: number;
  byteOffset?: number;
}

export function formatLocation(loc: InputLocation): string {
  const parts = [loc.file];
  if (loc.line !== undefined) parts.push(`line ${loc.line}${loc.column !== undefined ? `:${loc.column}` : ''}`);
  if (loc.record !== undefined) parts.push(`record ${loc.record}`);
  if (loc.byteOffset !== undefined) parts.push(`byte ${loc.byteOffset}`);
  return parts.join(', ');
}

/** Unrecoverable bad input: names the file and place, and what was expected there. */
export class ParseError extends TopolensError {
  readonly location: InputLocation;
  readonly expected: string;
  constructor(location: InputLocation, expected: string, options?: { cause?: unknown }) {
    super('TOPO_PARSE', `${formatLocation(location)}: ${expected}`, options);
    this.name = 'ParseError';
    this.location = location;
    this.expected = expected;
  }
}

export class NotFoundError extends TopolensError {
  constructor(what: string) {
    super('TOPO_NOT_FOUND', `${what} not found`);
    this.name = 'NotFoundError';
  }
}

export class MissingToolError extends TopolensError {
  constructor(message: string) {
    super('TOPO_MISSING_TOOL', message);
    this.name = 'MissingToolError';
  }
}
