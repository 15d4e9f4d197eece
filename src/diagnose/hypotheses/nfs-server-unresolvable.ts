/**
 * nfs-server-unresolvable: the NFS server of the volume is a cluster DNS name (`svc.ns.svc.cluster.local`,
 * `svc.ns.svc`, `svc.ns` or a bare Service name). The kubelet runs mount.nfs in the host's resolver
 * context, which does not use the cluster DNS, so the name does not resolve (reference §4).
 */
import { text } from '../../kube/read.ts';
import { describeRef, refOf } from '../../model/refs.ts';
import { isIpAddress } from '../../model/cidr.ts';
import type { DataPath } from '../../model/datapath/types.ts';
import { splitHostPort } from '../../model/datapath/target.ts';
import { absenceEvidence, eventEvidence, inference, objectEvidence } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';
import { summaryStep } from '../chain.ts';

const CLUSTER_SUFFIX = /\.svc(?:\.[a-z0-9.-]+)?\.?$/i;

function sameHost(a: string, b: string): boolean {
  return a.replace(/\.$/, '').toLowerCase() === b.replace(/\.$/, '').toLowerCase();
}

/** The NFS server the volume names: in-tree `nfs.server`, or the CSI NFS driver's `server` attribute. */
function serverOf(ctx: PodContext, path: DataPath | undefined): string | undefined {
  if (path === undefined) return undefined;
  if ((path.protocol === 'nfs' || path.engine === 'nfs-server') && path.portal !== undefined) return path.portal.host;
  const pv = path.persistentVolume !== undefined ? ctx.model.persistentVolume(path.persistentVolume.name) : undefined;
  return text(pv?.spec?.csi?.volumeAttributes?.server) ?? text(pv?.spec?.nfs?.server);
}

function assess(ctx: PodContext): Assessment | undefined {
  const all = ctx.allFacts('nfs-resolve-failed');
  if (all.length === 0) return undefined;
  const now = ctx.model.now;
  const current = all.filter((f) => f.stale === undefined);
  if (current.length === 0) {
    return { verdict: 'ruled-out', score: 0, summary: 'Every "Failed to resolve server" event is stale.', evidenceFor: [], evidenceAgainst: all.map((f) => eventEvidence(f.event, now, undefined, f.stale)), nextSteps: [] };
  }
  const latest = current[current.length - 1];
  if (latest === undefined) return undefined;
  const path = ctx.pathOf(latest.event) ?? ctx.paths.find((p) => serverOf(ctx, p) === latest.fact.server);
  const server = latest.fact.server ?? serverOf(ctx, path);
  const evidenceFor: Evidence[] = [eventEvidence(latest.event, now)];
  const evidenceAgainst: Evidence[] = [];
  if (server === undefined) {
    return { verdict: 'possible', score: 0.5, summary: 'mount.nfs could not resolve the NFS server name; which name is unknown.', evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  const host = splitHostPort(server).host;
  if (isIpAddress(host)) {
    evidenceAgainst.push(inference(`The NFS server is the address ${host}: there is no name to resolve`));
    return { verdict: 'ruled-out', score: 0, summary: `The NFS server ${host} is an IP address.`, evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  // The data path resolved this very name (in-tree nfs.server or a CSI NFS volumeAttributes.server): its
  // answer, a Service or none, is what the sentences below may state.
  const resolved = path?.portal !== undefined && sameHost(path.portal.host, host) ? path.portal : undefined;
  const svc = resolved !== undefined ? path?.service : undefined;
  const clusterName = CLUSTER_SUFFIX.test(host) || svc !== undefined;
  if (path?.persistentVolume !== undefined) evidenceFor.push(objectEvidence(path.persistentVolume, `${describeRef(path.persistentVolume)} names the NFS server "${host}"`));
  if (!clusterName) {
    evidenceAgainst.push(inference(`"${host}" is not a cluster Service name; the node's own resolver (/etc/resolv.conf) is the one failing`));
    return {
      verdict: 'possible',
      score: 0.5,
      summary: `${ctx.node ?? 'The node'} cannot resolve the NFS server name "${host}" with its own resolver.`,
      evidenceFor,
      evidenceAgainst,
      nextSteps: [`On ${ctx.node ?? 'the node'}: \`getent hosts ${host}\`; fix the node's DNS or use the server's IP in the volume.`],
    };
  }
  const clusterIP = svc?.clusterIP;
  if (resolved?.kind === 'unresolved-name' && ctx.model.kindCoverage('Service') === 'read') {
    evidenceAgainst.push(absenceEvidence(`No Service answers to "${host}" in this cluster: even the cluster DNS would not resolve it`));
  }
  if (svc !== undefined) evidenceFor.push(objectEvidence(svc.ref, `"${host}" is the cluster DNS name of ${describeRef(svc.ref)}${clusterIP !== undefined ? ` (ClusterIP ${clusterIP})` : ''}`));
  // A CSI node plugin may run with ClusterFirstWithHostNet and resolve cluster names after all.
  const plugin = path?.nodePlugins.find((p) => p.node === ctx.node);
  const pluginPod = plugin !== undefined ? ctx.model.resolveAs('Pod', plugin.ref) : undefined;
  const dns = text((pluginPod?.spec as { dnsPolicy?: unknown } | undefined)?.dnsPolicy);
  if (path?.protocol === 'csi') {
    evidenceFor.push(
      pluginPod !== undefined && dns !== 'ClusterFirstWithHostNet'
        ? objectEvidence(refOf(pluginPod), `mount.nfs runs in the CSI node plugin ${describeRef(refOf(pluginPod))}${dns !== undefined ? ` (dnsPolicy ${dns})` : ''}; a host-network pod without ClusterFirstWithHostNet resolves with the node's resolver, which does not know cluster Service names`)
        : inference('mount.nfs runs in the CSI node plugin on the node; a host-network plugin without dnsPolicy ClusterFirstWithHostNet resolves with the node\'s resolver, which does not know cluster Service names'),
    );
  } else {
    evidenceFor.push(inference('The kubelet runs mount.nfs in the node\'s host namespace with the node\'s resolver, which does not know cluster Service names (only pods using ClusterFirst DNS do)'));
  }
  if (pluginPod !== undefined && dns === 'ClusterFirstWithHostNet') {
    evidenceAgainst.push(objectEvidence(refOf(pluginPod), `The CSI node plugin ${describeRef(refOf(pluginPod))} uses dnsPolicy ClusterFirstWithHostNet, so it should resolve cluster names: cluster DNS itself may be failing`));
    return { verdict: 'possible', score: 0.5, summary: `mount.nfs cannot resolve "${host}", although the CSI node plugin uses cluster DNS: check CoreDNS.`, evidenceFor, evidenceAgainst, nextSteps: ['`kubectl -n kube-system get pods -l k8s-app=kube-dns` and the node plugin\'s /etc/resolv.conf.'] };
  }
  return {
    verdict: 'confirmed',
    score: 0.95,
    summary: `The volume names its NFS server by the cluster DNS name "${host}", which the node's resolver cannot resolve when the kubelet mounts it.`,
    evidenceFor,
    evidenceAgainst,
    nextSteps: [
      clusterIP !== undefined ? `Point the volume at the Service's ClusterIP ${clusterIP} instead of its name (PVs are immutable: create a new PV with \`${path?.protocol === 'csi' ? 'csi.volumeAttributes.server' : 'nfs.server'}: ${clusterIP}\` bound to the same claim).` : 'Point the volume at the Service\'s ClusterIP instead of its name.',
      'Or make the nodes resolve cluster names (add the cluster DNS to the node resolver), which affects every host process.',
    ],
  };
}

export const nfsServerUnresolvable: Hypothesis = {
  id: 'nfs-server-unresolvable',
  title: 'The node cannot resolve the NFS server name',
  needs: ['Event'],
  reads: ['PersistentVolume', 'PersistentVolumeClaim', 'Service', 'Pod'],
  assess,
  explain: summaryStep('How did the NFS mount fail?'),
};
