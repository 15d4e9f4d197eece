/**
 * The address ranges a cluster owns, for telling a portal inside the cluster from one outside it.
 *
 * Could a portal address have been a Service ClusterIP of this cluster? kube-apiserver refuses a
 * `--service-cluster-ip-range` wider than /12 for IPv4 or /108 for IPv6 ("specified
 * --service-cluster-ip-range is too large; for 32-bit addresses, the mask must be >= 12",
 * kubernetes pkg/controlplane/apiserver/options, maxCIDRBits 20). Every ClusterIP therefore lies
 * within a /12 (/108) of every other one: an address outside that window around all current
 * ClusterIPs was never allocated from the same range. Clusters that added a second ServiceCIDR
 * (networking.k8s.io, 1.33+) or renumbered their range are the exception the evidence text names.
 */
import { isIP } from 'node:net';
import { list, text } from '../../kube/read.ts';
import { cidrContains } from '../../model/cidr.ts';
import type { Model } from '../../model/model.ts';

export type FormerClusterIp =
  /** A current ClusterIP lies in the widest Service range that could hold the address. */
  | { verdict: 'possible'; near: string; window: string }
  /** Current ClusterIPs exist and none shares the widest possible Service range with the address. */
  | { verdict: 'no'; sample: string; window: string }
  /** No ClusterIP of the address family was read (or the host is a name): nothing to compare with. */
  | { verdict: 'unknown' };

const WIDEST_PREFIX = { 4: 12, 6: 108 } as const;

export function formerClusterIp(model: Model, host: string): FormerClusterIp {
  const family = isIP(host);
  if (family !== 4 && family !== 6) return { verdict: 'unknown' };
  const prefix = WIDEST_PREFIX[family];
  let sample: string | undefined;
  for (const svc of model.services) {
    const ip = text(svc.spec?.clusterIP);
    if (ip === undefined || isIP(ip) !== family) continue;
    sample ??= ip;
    if (cidrContains(`${ip}/${String(prefix)}`, host)) return { verdict: 'possible', near: ip, window: `/${String(prefix)}` };
  }
  return sample !== undefined ? { verdict: 'no', sample, window: `/${String(prefix)}` } : { verdict: 'unknown' };
}

/** The pod CIDRs the nodes were given (`spec.podCIDRs`, `spec.podCIDR`), with the node that owns each. */
export function podCidrs(model: Model): { cidr: string; node: string }[] {
  return model.nodes.flatMap((n) => {
    const cidrs = new Set<string>([...list(n.spec?.podCIDRs), ...(text(n.spec?.podCIDR) !== undefined ? [n.spec?.podCIDR ?? ''] : [])]);
    return [...cidrs].map((cidr) => ({ cidr, node: n.metadata.name }));
  });
}
