// The LLDP parsers by format name, for the import registry and the CLI to wire in.
import { parseAristaEosLldpJson } from './arista-eos-json.js';
import { parseAristaEosLldp } from './arista-eos.js';
import type { LldpParseOptions, LldpParseResult } from './build-observations.js';
import { parseCiscoIosLldp } from './cisco-ios.js';
import { parseCiscoNxosLldp } from './cisco-nxos.js';
import type { LldpFormatName } from './detect.js';
import { parseJunosLldp } from './junos.js';
import { parseLldpctlJson } from './lldpcli-json.js';
import { parseLldpctlKeyvalue } from './lldpcli-keyvalue.js';

export const LLDP_PARSERS: Readonly<Record<LldpFormatName, (text: string, opts: LldpParseOptions) => LldpParseResult>> = {
  'lldpcli-json': parseLldpctlJson,
  'lldpcli-keyvalue': parseLldpctlKeyvalue,
  'cisco-ios-lldp': parseCiscoIosLldp,
  'cisco-nxos-lldp': parseCiscoNxosLldp,
  'arista-eos-lldp': parseAristaEosLldp,
  'arista-eos-lldp-json': parseAristaEosLldpJson,
  'junos-lldp': parseJunosLldp,
};
