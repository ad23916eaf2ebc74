// Reads router and network LSAs from one FRR `show ip ospf database [router|network] json` document, in any FRR release's shape.
import { ParseError } from '../../src/errors.js';
import type { ImportWarning } from '../../src/model/index.js';
import type { OspfLsdb, OspfNetworkLsa, OspfRouterLink, OspfRouterLsa } from '../../src/model/ospf-lsdb.js';
import { int, isObject, items, parseJson, str, type JsonObject } from '../normalise/json-input.js';

/*
 * Shapes seen across FRR releases (all accepted, and mixed in one document):
 * - FRR 8.x and later: `{ routerId, routerLinkStates: { areas: { "0.0.0.0": [ lsa, … ] } },
 *   networkLinkStates: { areas: { … } } }`, router links as `routerLinks: { link0: {…}, … }`,
 *   attached routers as `attchedRouters` (sic) keyed by router id.
 * - FRR 7.x: `{ routerId, "Router Link States": { "0.0.0.0": { "<lsid>": lsa } }, "Net Link States": … }`.
 * - the LSDB summary `show ip ospf database json`: `{ routerId, areas: { "0.0.0.0": { routerLinkStates:
 *   [ { lsId, advertisedRouter, sequenceNumber, lsaAge, numOfRouterLinks } ], networkLinkStates: … } } }`:
 *   headers only (`detailed: false`), enough for sequence numbers but not for adjacencies.
 * - `… vrf all … json`: the above wrapped in an object keyed by VRF name.
 * - later releases (as tools written against FRR 10 read them) spell `attachedRouters` without the typo.
 * Arrays and keyed objects are interchangeable everywhere, so either nesting of either release reads.
 */

export interface LsdbReadResult {
  lsdb: OspfLsdb;
  warnings: ImportWarning[];
}

const SECTIONS = ['routerLinkStates', 'networkLinkStates', 'Router Link States', 'Net Link States', 'areas'];

export function readFrrOspfLsdb(text: string, opts: { file: string }): LsdbReadResult {
  const root = parseJson(text, opts.file);
  if (!isObject(root)) throw new ParseError({ file: opts.file, line: 1 }, 'at $: a JSON object from `show ip ospf database … json`');
  const warnings: ImportWarning[] = [];
  const lsdb: OspfLsdb = { routerId: null, routerLsas: [], networkLsas: [] };
  const docs = unwrapVrfs(root, opts.file, warnings);
  if (docs.length === 0) {
    throw new ParseError({ file: opts.file, line: 1 }, `at $: one of ${SECTIONS.map((s) => `"${s}"`).join(', ')} (FRR \`show ip ospf database router|network json\`)`);
  }
  const warn = (path: string, message: string) => warnings.push({ file: opts.file, message: `at ${path}: ${message}` });
  for (const { doc, path } of docs) {
    lsdb.routerId ??= str(doc.routerId);
    const perArea = (section: unknown, sectionPath: string, read: (lsa: JsonObject, area: string, p: string) => void) => {
      const areas = isObject(section) && isObject(section.areas) ? section.areas : section;
      for (const [ak, lsas] of items(areas)) {
        const area = ak.replace(/^\./, '');
        for (const [lk, lsa] of items(lsas)) {
          const p = `${sectionPath}${isObject(section) && isObject(section.areas) ? '.areas' : ''}["${area}"]${lk}`;
          if (isObject(lsa)) read(lsa, area, p);
          else warn(p, 'LSA is not an object; skipped');
        }
      }
    };
    const router = (lsa: JsonObject, area: string, p: string) => {
      const r = readRouterLsa(lsa, area, p, warn);
      if (r) lsdb.routerLsas.push(r);
    };
    const network = (lsa: JsonObject, area: string, p: string) => {
      const n = readNetworkLsa(lsa, area, p, warn);
      if (n) lsdb.networkLsas.push(n);
    };
    perArea(doc.routerLinkStates, `${path}.routerLinkStates`, router);
    perArea(doc['Router Link States'], `${path}["Router Link States"]`, router);
    perArea(doc.networkLinkStates, `${path}.networkLinkStates`, network);
    perArea(doc['Net Link States'], `${path}["Net Link States"]`, network);
    // The summary nests the LSA types inside each area instead.
    if (isObject(doc.areas)) {
      for (const [area, body] of Object.entries(doc.areas)) {
        if (!isObject(body)) continue;
        perArea({ [area]: body.routerLinkStates }, `${path}.areas`, router);
        perArea({ [area]: body.networkLinkStates }, `${path}.areas`, network);
      }
    }
  }
  return { lsdb, warnings };
}

function unwrapVrfs(root: JsonObject, file: string, warnings: ImportWarning[]): { doc: JsonObject; path: string }[] {
  if (SECTIONS.some((s) => s in root)) return [{ doc: root, path: '$' }];
  const vrfs = Object.entries(root).filter(([, v]) => isObject(v) && SECTIONS.some((s) => s in v)) as [string, JsonObject][];
  if (vrfs.length > 1) warnings.push({ file, message: `${vrfs.length} VRFs in one document (${vrfs.map(([k]) => k).join(', ')}); their areas are read together` });
  return vrfs.map(([k, doc]) => ({ doc, path: `$["${k}"]` }));
}

/** `80000007`, `0x80000007` → `80000007`. */
export function normaliseSequence(v: unknown): string | null {
  const s = str(v)?.trim().toLowerCase().replace(/^0x/, '');
  if (!s || !/^[0-9a-f]{1,8}$/.test(s)) return null;
  return s.padStart(8, '0');
}

function header(lsa: JsonObject) {
  return {
    linkStateId: str(lsa.linkStateId) ?? str(lsa.lsId) ?? str(lsa.lsaId),
    advertisingRouter: str(lsa.advertisingRouter) ?? str(lsa.advertisedRouter),
    sequence: normaliseSequence(lsa.lsaSeqNumber ?? lsa.sequenceNumber),
    age: int(lsa.lsaAge),
    checksum: str(lsa.checksum),
  };
}

type Warn = (path: string, message: string) => void;

function readRouterLsa(lsa: JsonObject, area: string, p: string, warn: Warn): OspfRouterLsa | null {
  const h = header(lsa);
  if (!h.linkStateId || !h.advertisingRouter) {
    warn(p, 'router-LSA without linkStateId/advertisingRouter; skipped');
    return null;
  }
  const detailed = 'routerLinks' in lsa || 'linkStateId' in lsa;
  const flags = int(lsa.flags);
  const links: OspfRouterLink[] = [];
  for (const [k, l] of items(lsa.routerLinks)) {
    const link = isObject(l) ? readRouterLink(l) : null;
    if (link) links.push(link);
    else warn(`${p}.routerLinks${k}`, `unreadable router link ${JSON.stringify(l)}; skipped`);
  }
  const declared = int(lsa.numOfLinks);
  if (detailed && declared !== null && declared !== links.length) warn(p, `numOfLinks is ${declared} but ${links.length} links were read`);
  return {
    kind: 'router',
    area,
    ...(h as typeof h & { linkStateId: string; advertisingRouter: string }),
    abr: typeof lsa.abr === 'boolean' ? lsa.abr : flags !== null ? (flags & 0x1) !== 0 : undefined,
    asbr: typeof lsa.asbr === 'boolean' ? lsa.asbr : flags !== null ? (flags & 0x2) !== 0 : undefined,
    detailed,
    links,
  };
}

function readRouterLink(l: JsonObject): OspfRouterLink | null {
  const type = str(l.linkType)?.toLowerCase() ?? '';
  const cost = int(l.tos0Metric ?? l.metric);
  if (cost === null || cost < 0 || cost > 65535) return null;
  const ifaddr = str(l.routerInterfaceAddress);
  if (type.includes('point-to-point') || type === 'another router') {
    const id = str(l.neighborRouterId);
    return id ? { type: 'point-to-point', linkId: id, linkData: ifaddr, cost } : null;
  }
  if (type.includes('transit')) {
    const id = str(l.designatedRouterAddress);
    return id ? { type: 'transit', linkId: id, linkData: ifaddr, cost } : null;
  }
  if (type.includes('stub')) {
    const id = str(l.networkAddress);
    return id ? { type: 'stub', linkId: id, linkData: str(l.networkMask), cost } : null;
  }
  if (type.includes('virtual')) {
    const id = str(l.neighborRouterId);
    return id ? { type: 'virtual', linkId: id, linkData: ifaddr, cost } : null;
  }
  return null;
}

function readNetworkLsa(lsa: JsonObject, area: string, p: string, warn: Warn): OspfNetworkLsa | null {
  const h = header(lsa);
  if (!h.linkStateId || !h.advertisingRouter) {
    warn(p, 'network-LSA without linkStateId/advertisingRouter; skipped');
    return null;
  }
  const attached: string[] = [];
  for (const [, r] of items(lsa.attchedRouters ?? lsa.attachedRouters)) {
    const id = isObject(r) ? str(r.attachedRouterId) : str(r);
    if (id) attached.push(id);
  }
  const detailed = 'attchedRouters' in lsa || 'attachedRouters' in lsa;
  return {
    kind: 'network',
    area,
    ...(h as typeof h & { linkStateId: string; advertisingRouter: string }),
    prefixLength: maskLength(lsa.networkMask),
    attachedRouters: attached,
    detailed,
  };
}

/** FRR 8 prints a network LSA's mask as a prefix length, router links' masks as dotted quads. */
export function maskLength(v: unknown): number | null {
  const n = int(v);
  if (n !== null) return n >= 0 && n <= 32 ? n : null;
  const s = str(v);
  if (!s || !/^\d+\.\d+\.\d+\.\d+$/.test(s)) return null;
  const bits = s.split('.').map((x) => Number(x).toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits) ? bits.indexOf('0') === -1 ? 32 : bits.indexOf('0') : null;
}
