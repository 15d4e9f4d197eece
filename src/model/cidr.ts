/** CIDR containment for IPv4 and IPv6, through Node's BlockList (pure computation, no I/O). */
import { BlockList, isIP } from 'node:net';

/** A parsed CIDR, or undefined when the text is not one (`10.1.0.0/16`, `fd00::/64`; a bare address is a /32 or /128). */
export function parseCidr(cidr: unknown): BlockList | undefined {
  if (typeof cidr !== 'string') return undefined;
  const [address = '', prefixText] = cidr.trim().split('/');
  const family = isIP(address);
  if (family === 0) return undefined;
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  const list = new BlockList();
  list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  return list;
}

/** True when `ip` lies inside `cidr`; false for malformed input of either side. */
export function cidrContains(cidr: unknown, ip: unknown): boolean {
  if (typeof ip !== 'string') return false;
  const family = isIP(ip);
  if (family === 0) return false;
  return parseCidr(cidr)?.check(ip, family === 4 ? 'ipv4' : 'ipv6') ?? false;
}

export function isIpAddress(text: unknown): boolean {
  return typeof text === 'string' && isIP(text) !== 0;
}
