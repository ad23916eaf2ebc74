// Hand-worked: which devices lose every route to a prefix, over all its anchors.
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../../src/graph/snapshot.js';
import { findLostPrefixes } from '../../../src/graph/prefix-reachability.js';

// A line a – b – c with a spur c – d; b–c also has a parallel second link.
const snap = buildSnapshot({
  devices: ['a', 'b', 'c', 'd'].map((id) => ({ id, hostname: id })),
  links: [
    { id: 'ab', aDeviceId: 'a', bDeviceId: 'b' },
    { id: 'bc1', aDeviceId: 'b', bDeviceId: 'c' },
    { id: 'bc2', aDeviceId: 'b', bDeviceId: 'c' },
    { id: 'cd', aDeviceId: 'c', bDeviceId: 'd' },
  ],
}, { defaultCost: 1 });

describe('findLostPrefixes', () => {
  it('a link subnet advertised by both ends is withdrawn everywhere when its link fails', () => {
    const anchors = [
      { prefix: '198.18.0.0/31', deviceId: 'a', withdrawnWithLinkTo: 'b' },
      { prefix: '198.18.0.0/31', deviceId: 'b', withdrawnWithLinkTo: 'a' },
    ];
    expect(findLostPrefixes(snap, anchors, { failedLinks: ['ab'] })).toEqual([
      { prefix: '198.18.0.0/31', anchors: ['a', 'b'], reason: 'withdrawn', devices: ['a', 'b', 'c', 'd'] },
    ]);
  });

  it('a subnet stays while a parallel link to the same neighbour is up', () => {
    const anchors = [{ prefix: '198.18.0.2/31', deviceId: 'b', withdrawnWithLinkTo: 'c' }];
    expect(findLostPrefixes(snap, anchors, { failedLinks: ['bc1'] })).toEqual([]);
  });

  it('a device loses a prefix only when it reaches none of its anchors', () => {
    const anchors = [
      { prefix: '198.19.1.0/24', deviceId: 'a' },
      { prefix: '198.19.1.0/24', deviceId: 'd' },
    ];
    // Cutting c–d: a, b, c still reach a; only d... still anchors it itself. Nobody loses it.
    expect(findLostPrefixes(snap, anchors, { failedLinks: ['cd'] })).toEqual([]);
    // Cutting a–b and c–d: b and c reach neither anchor.
    expect(findLostPrefixes(snap, anchors, { failedLinks: ['ab', 'cd'] })).toEqual([
      { prefix: '198.19.1.0/24', anchors: ['a', 'd'], reason: 'anchor-unreachable', devices: ['b', 'c'] },
    ]);
  });

  it('a failed anchor device takes its prefix with it, and the failed device is not listed', () => {
    expect(findLostPrefixes(snap, [{ prefix: '192.0.2.4/32', deviceId: 'd' }], { failedDevices: ['d'] })).toEqual([
      { prefix: '192.0.2.4/32', anchors: ['d'], reason: 'anchor-failed', devices: ['a', 'b', 'c'] },
    ]);
  });
});
