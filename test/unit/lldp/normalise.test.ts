// Interface-name, MAC and chassis-id normalisation shared by the LLDP importers.
import { describe, expect, it } from 'vitest';
import { normaliseChassisId } from '../../../import/normalise/chassis-id.js';
import { normaliseIfname } from '../../../import/normalise/ifname.js';
import { normaliseMac } from '../../../import/normalise/mac.js';

describe('normaliseIfname', () => {
  it.each([
    ['Gi0/1', 'GigabitEthernet0/1'],
    ['GigabitEthernet0/1', 'GigabitEthernet0/1'],
    ['gi0/1', 'GigabitEthernet0/1'],
    ['Gi1', 'GigabitEthernet1'],
    ['Te1/0/1', 'TenGigabitEthernet1/0/1'],
    ['TenGigabitEthernet 0/1', 'TenGigabitEthernet0/1'],
    ['Tw2/0/33', 'TwoGigabitEthernet2/0/33'],
    ['Eth1/52', 'Ethernet1/52'],
    ['Et1', 'Ethernet1'],
    ['Ethernet3/29/1', 'Ethernet3/29/1'],
    ['Po1', 'Port-channel1'],
    ['Hu0/0/0/1', 'HundredGigE0/0/0/1'],
    ['Management1', 'Management1'],
    ['mgmt0', 'Management0'],
    ['xe-0/0/0.0', 'xe-0/0/0'],
    ['ge-0/0/23', 'ge-0/0/23'],
    ['ae7', 'ae7'],
    // host and lab names stay as they are
    ['eth0', 'eth0'],
    ['swp1', 'swp1'],
    ['r1-r2', 'r1-r2'],
    ['502', '502'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseIfname(raw)).toBe(expected);
  });
});

describe('normaliseMac / normaliseChassisId', () => {
  it.each([
    ['7c25.86c9.aaaa', '7c:25:86:c9:aa:aa'],
    ['00:61:75:F5:B5:FF', '00:61:75:f5:b5:ff'],
    ['00-16-17-2F-A1-B6', '00:16:17:2f:a1:b6'],
    ['0016172fa1b6', '00:16:17:2f:a1:b6'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseMac(raw)).toBe(expected);
    expect(normaliseChassisId(raw)).toBe(expected);
  });
  it('leaves non-MAC chassis ids as sent', () => {
    expect(normaliseMac('switch-1')).toBeNull();
    expect(normaliseChassisId(' 192.0.2.1 ')).toBe('192.0.2.1');
  });
});
