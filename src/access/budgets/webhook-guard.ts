import { type LookupAddress, lookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent } from 'undici';

/**
 * Budget alert webhooks are set by API callers (a team developer can set one on a key's budget),
 * and Keel POSTs to them from inside the network. Without a check that is server-side request
 * forgery: loopback admin ports, the cloud metadata service (169.254.169.254), private services.
 * So webhook URLs must be http(s) and must not point at loopback, link-local, private, shared
 * (CGNAT), unspecified, multicast or reserved addresses — checked when the URL is set, and again
 * against the address the name resolves to when sending (a name may be re-pointed after the
 * check: DNS rebinding). `access.webhooks.allowPrivate: true` turns this off for operators whose
 * receivers are internal.
 */

const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  // NAT64 would reach the IPv4 ranges above. (IPv4-mapped ::ffff:a.b.c.d is matched against the
  // IPv4 rules by BlockList itself; a ::ffff:0:0/96 rule would also match every IPv4 address.)
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

/** Whether an IP address is one a webhook must not reach (anything but a public unicast address). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why a webhook URL is refused, or undefined when it is fine. The reason never echoes the URL. */
export function webhookUrlProblem(text: string, options: { allowPrivate: boolean }): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http(s) URL';
  if (options.allowPrivate) return undefined;
  // WHATWG URL parsing already normalises 2130706433, 0x7f.1 and friends to dotted IPv4.
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host)) {
    return 'must not point at a loopback, link-local or private address (set access.webhooks.allowPrivate to allow)';
  }
  return undefined;
}

/** dns.lookup, refusing names that resolve to a private address (checked at connect: no rebinding window). */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    const done = callback as (
      error: Error | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void;
    if (error) return done(error, '');
    if (addresses.length === 0 || addresses.some((a) => isPrivateAddress(a.address))) {
      return done(new Error('webhook host resolves to a loopback, link-local or private address'), '');
    }
    const first = addresses[0] as LookupAddress;
    return options.all ? done(null, addresses) : done(null, first.address, first.family);
  });
};

let publicOnly: Agent | undefined;

/** The dispatcher to send webhooks through: one that only connects to public addresses, unless allowed. */
export function webhookDispatcher(options: { allowPrivate: boolean }): Agent | undefined {
  if (options.allowPrivate) return undefined;
  publicOnly ??= new Agent({ connect: { lookup: publicOnlyLookup } });
  return publicOnly;
}
