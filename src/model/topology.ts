// The normalised result of importing a topology: what the store writes, in one batch set.
import type { Device } from './device.js';
import type { Interface } from './interface.js';
import type { Link } from './link.js';
import type { ObservationSource } from './source.js';

export interface TopologyObservations {
  source: ObservationSource;
  devices: Device[];
  interfaces: Interface[];
  links: Link[];
}

/** A recoverable oddity in the input, with where it was found. */
export interface ImportWarning {
  file: string;
  line?: number;
  record?: number;
  byteOffset?: number;
  message: string;
}
