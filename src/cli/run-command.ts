// Shared CLI plumbing: load config once, map errors to messages and exit codes (2 = bad input).
import { loadConfig, type Config } from '../config.js';
import { TopolensError } from '../errors.js';
import { initLogger } from '../logger.js';

export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

let config: Readonly<Config> | undefined;

export function cliConfig(): Readonly<Config> {
  if (!config) {
    config = loadConfig();
    initLogger(config.logLevel);
  }
  return config;
}

/** Wraps a command action: prints `topolens: <message>` and sets the exit code on failure. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      if (err instanceof TopolensError) {
        process.stderr.write(`topolens: ${err.message}\n`);
        process.exitCode = err.code === 'TOPO_PARSE' || err.code === 'TOPO_BAD_INPUT' || err.code === 'TOPO_NOT_FOUND' || err.code === 'TOPO_CONFIG' ? EXIT_BAD_INPUT : EXIT_FAILURE;
      } else {
        process.stderr.write(`topolens: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
        process.exitCode = EXIT_FAILURE;
      }
    }
  };
}

/** Progress lines for a person at a terminal, on stderr so stdout stays parseable. */
export function progressToStderr(message: string): void {
  process.stderr.write(`${message}\n`);
}
