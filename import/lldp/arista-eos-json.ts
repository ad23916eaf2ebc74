// Arista EOS `show lldp neighbors detail | json` (eAPI) → LLDP observations.
import { ParseError } from '../../src/errors.js';
import type { ImportWarning } from '../../src/model/index.js';
import type { LldpNeighbour } from '../../src/model/lldp-neighbour.js';
import { parseJson, isObject, str, int } from '../normalise/json-input.js';
import { normaliseCapabilities } from './capabilities.js';
import { buildLldpObservations, type LldpParseOptions, type LldpParseResult } from './build-observations.js';

/** `{ "lldpNeighbors": { "<local port>": { "lldpNeighborInfo": [ … ] } } }`, as eAPI and `| json` print it. */
export function parseAristaEosLldpJson(text: string, opts: LldpParseOptions): LldpParseResult {
  const root = parseJson(text, opts.file);
  if (!isObject(root) || !isObject(root.lldpNeighbors)) {
    throw new ParseError({ file: opts.file, line: 1 }, 'at $.lldpNeighbors: an object keyed by local port (EOS `show lldp neighbors detail | json`)');
  }
  const warnings: ImportWarning[] = [];
  const neighbours: LldpNeighbour[] = [];
  for (const [localIfname, port] of Object.entries(root.lldpNeighbors)) {
    const infos = isObject(port) && Array.isArray(port.lldpNeighborInfo) ? port.lldpNeighborInfo : null;
    if (!infos) {
      warnings.push({ file: opts.file, message: `at $.lldpNeighbors["${localIfname}"]: no lldpNeighborInfo list; skipped` });
      continue;
    }
    for (const info of infos) {
      if (!isObject(info)) continue;
      const iface = isObject(info.neighborInterfaceInfo) ? info.neighborInterfaceInfo : {};
      const caps = isObject(info.systemCapabilities) ? info.systemCapabilities : {};
      const vlan = int(iface.portVlanId);
      neighbours.push({
        localIfname,
        chassisId: str(info.chassisId),
        chassisIdType: str(info.chassisIdType),
        portId: str(iface.interfaceId)?.replace(/^"(.*)"$/, '$1') ?? null,
        portIdType: str(iface.interfaceIdType),
        portDescription: str(iface.interfaceDescription),
        systemName: str(info.systemName),
        systemDescription: str(info.systemDescription),
        systemCapabilities: normaliseCapabilities(Object.keys(caps)),
        enabledCapabilities: normaliseCapabilities(Object.keys(caps).filter((k) => caps[k] === true)),
        managementAddresses: (Array.isArray(info.managementAddresses) ? info.managementAddresses : [])
          .map((m) => (isObject(m) ? str(m.address) : null))
          .filter((a): a is string => a !== null),
        vlanId: vlan,
        ttl: int(info.ttl),
      });
    }
  }
  return buildLldpObservations('arista-eos-lldp-json', neighbours, opts, {}, warnings);
}
