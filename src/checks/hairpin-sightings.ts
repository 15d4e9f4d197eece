/**
 * Where a hairpin failure has been seen: a kubelet reported an iSCSI/NFS connection failure to a portal
 * whose serving pod runs on that kubelet's own node. Exposures become more severe where this has
 * happened, because the network (CNI, kube-proxy mode) is then known to drop the hairpinned path.
 */
import type { Model } from '../model/model.ts';
import type { EventView } from '../model/events.ts';
import { resolvePortal } from '../model/datapath/target.ts';
import type { DataPath } from '../model/datapath/types.ts';

export interface HairpinSighting {
  event: EventView;
  /** The node whose kubelet reported the failure and which also runs the portal's serving pod. */
  node: string;
  portal: string;
}

const cache = new WeakMap<Model, HairpinSighting[]>();

function blankPath(): DataPath {
  return { volume: '', protocol: 'unknown', servingPods: [], endpointsKnown: false, readyEndpoints: 0, replicas: [], attachments: [], nodePlugins: [], trace: [], gaps: [] };
}

/** Connection-failure events whose reporting node also runs a pod serving the failing portal (by the current placement). */
export function hairpinSightings(model: Model): readonly HairpinSighting[] {
  const cached = cache.get(model);
  if (cached !== undefined) return cached;
  const out: HairpinSighting[] = [];
  // Portals resolve to the same pods for every event: resolve each once.
  const servingNodes = new Map<string, Set<string>>();
  for (const event of model.events.warnings) {
    // Connection failures are Warning events (FailedMount) reported by a node's kubelet; others are not parsed.
    if (event.host === undefined || event.type !== 'Warning') continue;
    for (const fact of event.parsed.facts) {
      if (fact.type !== 'iscsi-connection' && fact.type !== 'nfs-connection') continue;
      const portal = fact.type === 'iscsi-connection' ? fact.portal : fact.server;
      // A refused connection means no listener, not a dropped hairpin.
      if (portal === undefined || fact.refused) continue;
      let nodes = servingNodes.get(portal);
      if (nodes === undefined) {
        const path = blankPath();
        resolvePortal(model, path, portal);
        const fronted = path.portal?.kind === 'service-cluster-ip' || path.portal?.kind === 'service-dns-name';
        nodes = new Set(fronted ? path.servingPods.flatMap((p) => (p.node !== undefined ? [p.node] : [])) : []);
        servingNodes.set(portal, nodes);
      }
      if (nodes.has(event.host)) out.push({ event, node: event.host, portal });
    }
  }
  cache.set(model, out);
  return out;
}
