#!/usr/bin/env node
// Runs the compiled CLI (`npm run build`, done by `npm ci`/`npm install` through `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  process.stderr.write('topolens: not built yet; run `npm run build` (or `npm ci`, which builds)\n');
  process.exit(1);
}
await import(main);
