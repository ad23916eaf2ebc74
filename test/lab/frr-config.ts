// The configuration files of one lab router: FRR (zebra, ospfd, bgpd read the same file) and lldpd (run through lldpcli at start).
import type { LabPlan, LabRouter } from './lab-plan.js';

export interface FrrConfigOptions {
  /** Directory of this router's files (log, MRT dump), writable by the `frr` user. */
  dir: string;
  asn: number;
  /** OSPF hello/dead intervals, seconds. */
  hello: number;
  dead: number;
}

/**
 * OSPF: every link point-to-point in area 0 with its planned cost and short timers; the loopback
 * in area 0 too (FRR advertises a loopback /32 as a stub of cost 0, whatever `ip ospf cost` says).
 * BGP: an iBGP full mesh between loopbacks (NHT brings sessions up as soon as OSPF has a route),
 * each router originating its prefix (a kernel blackhole route, so `network` finds it in the RIB),
 * every update dumped to MRT. No `exit` lines: a daemon that does not know a block (bgpd and
 * `router ospf`) stays at the top level, where `exit` would end configuration mode.
 */
export function renderFrrConfig(plan: LabPlan, router: LabRouter, opts: FrrConfigOptions): string {
  const lines = [`frr defaults traditional`, `hostname ${router.name}`, `log file ${opts.dir}/frr.log informational`, `dump bgp updates ${opts.dir}/updates.mrt`, '!'];
  for (const l of plan.links) {
    const mine = l.a === router.name ? { ifname: l.ifa, cost: l.costAtoB } : l.b === router.name ? { ifname: l.ifb, cost: l.costBtoA } : null;
    if (!mine) continue;
    lines.push(
      `interface ${mine.ifname}`,
      ' ip ospf network point-to-point',
      ' ip ospf area 0',
      ` ip ospf hello-interval ${opts.hello}`,
      ` ip ospf dead-interval ${opts.dead}`,
      ` ip ospf cost ${mine.cost}`,
      '!',
    );
  }
  lines.push('interface lo', ' ip ospf area 0', '!');
  lines.push('router ospf', ` ospf router-id ${router.loopback}`, ' timers throttle spf 0 50 500', '!');
  lines.push(
    `router bgp ${opts.asn}`,
    ` bgp router-id ${router.loopback}`,
    ' no bgp ebgp-requires-policy',
    ' neighbor IBGP peer-group',
    ` neighbor IBGP remote-as ${opts.asn}`,
    ' neighbor IBGP update-source lo',
    ' neighbor IBGP timers 3 9',
    ' neighbor IBGP timers connect 2',
  );
  for (const peer of plan.routers) if (peer !== router) lines.push(` neighbor ${peer.loopback} peer-group IBGP`);
  lines.push(' address-family ipv4 unicast', `  network ${router.prefix}`, ' exit-address-family', '!');
  return `${lines.join('\n')}\n`;
}

/** lldpd runs these through lldpcli before it sends its first frame, so no neighbour ever sees the host's name. */
export function renderLldpdConfig(router: LabRouter): string {
  return [
    `configure system hostname ${router.name}`,
    `configure system description "${router.name} lab router"`,
    `configure system ip management pattern ${router.loopback}`,
    'configure lldp tx-interval 2',
    '',
  ].join('\n');
}
