// Runs a command inside a private network namespace: `lo` up, and one veth pair holding NETNS_ADDRESS with a default
// route to an address nobody holds. Firefox never gathers a 127.0.0.1 ICE candidate, so its test leg runs here: it
// then gathers NETNS_ADDRESS (which the tests' candidate filter keeps, and nothing else), and no packet can leave the
// namespace. Servers started inside listen on 127.0.0.1 / localhost as usual.
//
//   node scripts/netns.mjs -- <command> [args...]     (as root: `unshare -n`; otherwise `unshare -rn`, which needs
//                                                       unprivileged user namespaces)
import { spawnSync } from 'node:child_process';

/** The namespace's one non-loopback address: the host candidate every peer in it gathers. */
export const NETNS_ADDRESS = '10.77.0.1';
const GATEWAY = '10.77.0.254'; // held by nobody: a packet to any other network goes there and is lost

const SETUP = [
  'ip link set lo up',
  'ip link add zego0 type veth peer name zego1',
  `ip addr add ${NETNS_ADDRESS}/24 dev zego0`,
  'ip link set zego0 up',
  'ip link set zego1 up',
  `ip route add default via ${GATEWAY}`,
].join(' && ');

/** Whether this process already runs inside the namespace (set for the command it runs). */
export const insideNetns = () => process.env.ZEGO_NETNS === NETNS_ADDRESS;

/**
 * Runs `command` with `args` in a fresh namespace and returns its exit status. Exits with one line saying what to do
 * when namespaces are not available here.
 */
export function runInNetns(command, args = [], { env = process.env, stdio = 'inherit' } = {}) {
  if (insideNetns()) return spawnSync(command, args, { env, stdio }).status ?? 1;
  if (process.platform !== 'linux') fail('needs Linux network namespaces');
  const unshare = process.getuid?.() === 0 ? ['-n'] : ['-r', '-n'];
  const probe = spawnSync('unshare', [...unshare, 'true'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0)
    fail(`cannot make one here (unshare ${unshare.join(' ')}: ${probe.error?.message ?? `exit ${probe.status}`})`);
  const script = `${SETUP} || exit 97; exec "$@"`;
  const r = spawnSync('unshare', [...unshare, 'sh', '-c', script, 'sh', command, ...args], {
    env: { ...env, ZEGO_NETNS: NETNS_ADDRESS },
    stdio,
  });
  if (r.status === 97) fail('could not set up the namespace (ip from iproute2 missing?)');
  return r.status ?? 1;
}

function fail(why) {
  console.error(
    `[zego-elements] the Firefox leg runs in a private network namespace and ${why}: run as root, or allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1), or set BROWSERS=chromium.`,
  );
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dash = process.argv.indexOf('--');
  const [command, ...args] = process.argv.slice(dash < 0 ? 2 : dash + 1);
  if (!command) {
    console.error('usage: node scripts/netns.mjs -- <command> [args...]');
    process.exit(2);
  }
  process.exit(runInNetns(command, args));
}
