// A small seeded PRNG (a Weyl sequence through murmur3's finaliser), so sampling is identical on every run.

/** Returns a function giving uniform floats in [0, 1), fully determined by `seed`. */
export function createRng(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  };
}
