// Where an observation came from: every record written to the store carries one.
export type Protocol = 'topology' | 'lldp' | 'ospf' | 'bgp';

export interface ObservationSource {
  protocol: Protocol;
  /** Format name as in the import registry, e.g. `graphml`, `lldpcli-json`, `mrt`. */
  format: string;
  /** File path or collector name the record was read from. */
  file: string;
  /** ISO-8601 time of the observation (the file's own timestamp when it has one, else import time). */
  observedAt: string;
}
