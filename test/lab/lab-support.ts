// Whether this machine can run a namespace lab: root, and `ip netns add` works. Missing FRR/lldpd is a failure, not a skip.
import { randomBytes } from 'node:crypto';
import { tryRunSync } from './exec.js';

/** Why the lab cannot run here, or null when it can (CI runs as root, so there it never skips). */
export function labSkipReason(): string | null {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root: network namespaces and FRR need root';
  const probe = `tl-probe-${randomBytes(3).toString('hex')}`;
  const add = tryRunSync('ip', ['netns', 'add', probe]);
  // No `ip` at all is a missing package: let the test fail and say so rather than skip.
  if (!add.ok && /ENOENT/.test(add.stderr)) return null;
  if (!add.ok) return `network namespaces unavailable (ip netns add: ${add.stderr})`;
  tryRunSync('ip', ['netns', 'del', probe]);
  return null;
}
