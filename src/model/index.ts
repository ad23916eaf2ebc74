// The domain model: protocol-neutral types every layer shares. Imports nothing of ours.
export * from './source.js';
export * from './device.js';
export * from './interface.js';
export * from './link.js';
export * from './ospf-adjacency.js';
export * from './bgp-session.js';
export * from './prefix.js';
export * from './keys.js';
export * from './topology.js';
export * from './protocol-keys.js';
export * from './lldp-neighbour.js';
export * from './ospf-lsdb.js';
export * from './bgp-event.js';
