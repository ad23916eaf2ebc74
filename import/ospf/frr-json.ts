// FRRouting `show ip ospf database router json` + `… network json` → OSPF observations (adjacencies, stubs, prefixes).
import type { ImportWarning } from '../../src/model/index.js';
import type { OspfLsdb, OspfObservations } from '../../src/model/ospf-lsdb.js';
import { buildOspfObservations, type OspfBuildOptions } from './build-observations.js';
import { readFrrOspfLsdb } from './frr-lsdb-json.js';

export interface OspfInputFile {
  file: string;
  text: string;
}

export interface FrrOspfParseOptions extends Omit<OspfBuildOptions, 'file'> {
  /** Name for the combined source when several files are given (default: the files joined by `+`). */
  file?: string;
}

/**
 * Parses one or more FRR LSDB JSON documents (typically the router and the network output taken
 * on the same router at the same time) into one set of observations. Transit adjacencies need
 * both: with router LSAs alone, each transit link yields a warning and no adjacency.
 */
export function parseFrrOspfDatabase(input: string | OspfInputFile | OspfInputFile[], opts: FrrOspfParseOptions): OspfObservations {
  const files: OspfInputFile[] = typeof input === 'string' ? [{ file: opts.file ?? '(input)', text: input }] : Array.isArray(input) ? input : [input];
  const lsdb: OspfLsdb = { routerId: null, routerLsas: [], networkLsas: [] };
  const warnings: ImportWarning[] = [];
  for (const f of files) {
    const read = readFrrOspfLsdb(f.text, { file: f.file });
    lsdb.routerId ??= read.lsdb.routerId;
    lsdb.routerLsas.push(...read.lsdb.routerLsas);
    lsdb.networkLsas.push(...read.lsdb.networkLsas);
    warnings.push(...read.warnings);
  }
  const file = opts.file ?? files.map((f) => f.file).join('+');
  return buildOspfObservations(lsdb, { ...opts, file, format: opts.format ?? formatOf(lsdb) }, warnings);
}

function formatOf(lsdb: OspfLsdb): string {
  if (lsdb.routerLsas.length > 0 && lsdb.networkLsas.length === 0) return 'frr-ospf-router-json';
  if (lsdb.networkLsas.length > 0 && lsdb.routerLsas.length === 0) return 'frr-ospf-network-json';
  return 'frr-ospf-json';
}
