// LLDP chassis-id normalisation: MACs in one spelling, anything else trimmed as the device sent it.
import { normaliseMac } from './mac.js';

/** The chassis id in a form that compares equal across vendors' renderings of the same TLV. */
export function normaliseChassisId(text: string): string {
  return normaliseMac(text) ?? text.trim();
}
