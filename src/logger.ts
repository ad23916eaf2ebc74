// One pino logger for the process, to stderr so stdout stays clean for JSON output; a child per module.
import { pino, type Logger } from 'pino';

const root: Logger = pino({ level: 'warn', redact: ['password', '*.password', 'neo4jPassword'] }, pino.destination(2));
// Module loggers are made at import time, before config is read: keep them to set their level later.
const children = new Set<Logger>();

/** Sets the level of the root and of every module logger (called once config is loaded). */
export function initLogger(level: string): Logger {
  root.level = level;
  for (const child of children) child.level = level;
  return root;
}

export function logger(module: string): Logger {
  const child = root.child({ module });
  child.level = root.level;
  children.add(child);
  return child;
}
