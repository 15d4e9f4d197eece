/**
 * From a portal address to the pods that serve it: portal host → Service (by ClusterIP or DNS name)
 * → EndpointSlices / Endpoints → pods → nodes. Never by object-name patterns.
 */
import type { Pod, Service } from '../../kube/types.ts';
import { list, stringMap, text } from '../../kube/read.ts';
import { isCrashLooping, isPodReady, lastContainerStart, lastTermination, podNode, restartCount } from '../../kube/pod.ts';
import { describeRef, refOf } from '../refs.ts';
import type { Model } from '../model.ts';
import type { DataPath, Portal, PortalKind, ServingPod } from './types.ts';

/** Splits `host:port`, `[v6]:port`, or a bare host. */
export function splitHostPort(address: string): { host: string; port?: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(address);
  if (v6?.[1] !== undefined) return v6[2] !== undefined ? { host: v6[1], port: Number(v6[2]) } : { host: v6[1] };
  const m = /^([^:]+):(\d+)$/.exec(address);
  if (m?.[1] !== undefined && m[2] !== undefined) return { host: m[1], port: Number(m[2]) };
  return { host: address };
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** Whether a portal host is an address literal (else a DNS name). The live read decides with the same rule. */
export function isIp(host: string): boolean {
  return IPV4.test(host) || host.includes(':');
}

/** A cluster DNS name for a Service: `name.ns.svc[.cluster.local]`, `name.ns`, or a bare name. */
function serviceForDnsName(model: Model, host: string, defaultNamespace: string | undefined): Service | undefined {
  const parts = host.replace(/\.$/, '').split('.');
  const svcIdx = parts.indexOf('svc');
  if (svcIdx === 2 && parts[0] !== undefined && parts[1] !== undefined) return model.get('Service', parts[1], parts[0]);
  if (parts.length === 2 && parts[0] !== undefined && parts[1] !== undefined) return model.get('Service', parts[1], parts[0]);
  if (parts.length === 1 && parts[0] !== undefined && defaultNamespace !== undefined) return model.get('Service', defaultNamespace, parts[0]);
  return undefined;
}

function servingPodOf(pod: Pod): ServingPod {
  const sp: ServingPod = { ref: refOf(pod), ready: isPodReady(pod), restarts: restartCount(pod), crashLooping: isCrashLooping(pod) };
  const node = podNode(pod);
  if (node !== undefined) sp.node = node;
  const phase = text(pod.status?.phase);
  if (phase !== undefined) sp.phase = phase;
  const running = lastContainerStart(pod);
  if (running !== undefined) sp.runningSince = running;
  const restarted = lastTermination(pod);
  if (restarted !== undefined) sp.lastRestartAt = restarted;
  return sp;
}

/** Fills `path.service`, `path.servingPods` and the endpoint facts for a Service. */
export function attachService(model: Model, path: DataPath, svc: Service): void {
  const selector = stringMap(svc.spec?.selector);
  const service: NonNullable<DataPath['service']> = { ref: refOf(svc), selector };
  const clusterIP = text(svc.spec?.clusterIP);
  if (clusterIP !== undefined) service.clusterIP = clusterIP;
  path.service = service;

  const listed = new Map<string, { ready: boolean }>();
  const slices = model.endpointSlicesOf(svc);
  const endpoints = model.endpointsOf(svc);
  let readyCount = 0;
  const podKey = (ns: unknown, name: unknown, uid: unknown): string => text(uid) ?? `${text(ns) ?? ''}/${text(name) ?? ''}`;
  if (slices.length > 0) {
    for (const slice of slices) {
      for (const ep of list(slice.endpoints)) {
        // EndpointSlice: a missing ready condition means ready (discovery.k8s.io/v1 semantics).
        const ready = ep.conditions?.ready !== false;
        if (ready) readyCount += 1;
        if (ep.targetRef?.kind === 'Pod') listed.set(podKey(ep.targetRef.namespace ?? svc.metadata.namespace, ep.targetRef.name, ep.targetRef.uid), { ready });
      }
    }
    path.trace.push(`${describeRef(refOf(svc))} has ${readyCount} ready endpoint(s) in ${slices.length} EndpointSlice(s)`);
  } else if (endpoints !== undefined) {
    for (const subset of list(endpoints.subsets)) {
      for (const [addresses, ready] of [[list(subset.addresses), true], [list(subset.notReadyAddresses), false]] as const) {
        for (const a of addresses) {
          if (ready) readyCount += 1;
          if (a.targetRef?.kind === 'Pod') listed.set(podKey(a.targetRef.namespace ?? svc.metadata.namespace, a.targetRef.name, a.targetRef.uid), { ready });
        }
      }
    }
    path.trace.push(`${describeRef(refOf(svc))} has ${readyCount} ready address(es) in its Endpoints`);
  } else {
    path.gaps.push(`no Endpoints or EndpointSlice for ${describeRef(refOf(svc))} was read; serving pods are found by its selector only`);
  }
  path.endpointsKnown = slices.length > 0 || endpoints !== undefined;
  path.readyEndpoints = readyCount;

  const pods = new Map<string, Pod>();
  for (const [key] of listed) {
    const [ns, name] = key.split('/');
    const pod = key.includes('/') ? model.pod(ns ?? '', name ?? '') : model.resolveAs('Pod', { kind: 'Pod', name: '', uid: key });
    if (pod !== undefined) pods.set(pod.metadata.uid ?? key, pod);
  }
  const ns = svc.metadata.namespace;
  if (Object.keys(selector).length > 0 && ns !== undefined) {
    for (const pod of model.podsMatchingSelector(ns, selector)) {
      if (text(pod.status?.phase) !== 'Succeeded') {
        pods.set(pod.metadata.uid ?? `${ns}/${pod.metadata.name}`, pod);
      }
    }
  }
  for (const pod of pods.values()) {
    const sp = servingPodOf(pod);
    if (path.endpointsKnown) {
      const entry = listed.get(pod.metadata.uid ?? '') ?? listed.get(`${pod.metadata.namespace ?? ''}/${pod.metadata.name}`);
      sp.inEndpoints = entry !== undefined;
      sp.readyEndpoint = entry?.ready === true;
    }
    path.servingPods.push(sp);
  }
  if (path.servingPods.length > 0) {
    path.trace.push(
      `served by ${path.servingPods.map((p) => `${describeRef(p.ref)} on ${p.node ?? 'no node'} (${p.ready ? 'Ready' : 'not Ready'})`).join(', ')}`,
    );
  } else {
    path.gaps.push(`no pod serving ${describeRef(refOf(svc))} was found`);
  }
}

/** Classifies a portal address and, when it leads to a Service or pod, fills the serving side of the path. */
export function resolvePortal(model: Model, path: DataPath, address: string, defaultNamespace?: string): Portal {
  const { host, port } = splitHostPort(address);
  let kind: PortalKind;
  const services = isIp(host) ? model.servicesWithClusterIP(host) : [];
  const byName = !isIp(host) ? serviceForDnsName(model, host, defaultNamespace) : undefined;
  const svc = services[0] ?? byName;
  if (services.length > 0) {
    kind = 'service-cluster-ip';
    if (services.length > 1) path.gaps.push(`ClusterIP ${host} is claimed by ${services.length} Services; using ${describeRef(refOf(services[0] as Service))}`);
    path.trace.push(`portal ${address} is the ClusterIP of ${describeRef(refOf(svc as Service))}`);
  } else if (byName !== undefined) {
    kind = 'service-dns-name';
    path.trace.push(`portal ${address} names ${describeRef(refOf(byName))}`);
  } else if (isIp(host) && model.podsWithIp(host).length > 0) {
    kind = 'pod-ip';
    const pods = model.podsWithIp(host);
    path.trace.push(`portal ${address} is the IP of ${pods.map((p) => describeRef(refOf(p))).join(', ')}`);
    path.endpointsKnown = false;
    for (const pod of pods) path.servingPods.push(servingPodOf(pod));
  } else if (isIp(host) && model.nodeWithAddress(host) !== undefined) {
    kind = 'node-ip';
    path.trace.push(`portal ${address} is an address of node ${model.nodeWithAddress(host)?.metadata.name ?? host}`);
  } else if (isIp(host)) {
    kind = 'external';
    path.gaps.push(
      model.kindCoverage('Service') === 'read'
        ? `portal ${address} matches no Service ClusterIP, pod IP or node address in this cluster`
        : `portal ${address}: no Services were read, so it cannot be matched to one`,
    );
  } else {
    kind = 'unresolved-name';
    path.gaps.push(`portal host ${host} is a name that matches no Service in this cluster`);
  }
  const portal: Portal = { address, host, kind };
  if (port !== undefined) portal.port = port;
  path.portal = portal;
  if (svc !== undefined) attachService(model, path, svc);
  return portal;
}

// The labels OpenEBS puts on a volume's target pods, next to `openebs.io/persistent-volume: <pv>`
// (reference §1–3): legacy Jiva controller, Jiva CSI controller, cStor target.
const TARGET_POD_LABELS: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  jiva: [['openebs.io/controller', 'jiva-controller'], ['openebs.io/component', 'jiva-controller']],
  cstor: [['openebs.io/target', 'cstor-target']],
};

/**
 * The volume's own target pods, found by the engine's labels rather than through the portal: when the
 * portal leads nowhere (a stale ClusterIP), these are still the pods whose readiness decides whether
 * the target could serve the volume at all.
 */
export function attachLabelledTargetPods(model: Model, path: DataPath, engine: string, pvName: string): void {
  const labels = TARGET_POD_LABELS[engine];
  if (labels === undefined || path.servingPods.length > 0) return;
  const pods = model.podsWithLabel('openebs.io/persistent-volume', pvName).filter((p) => labels.some(([k, v]) => p.metadata.labels?.[k] === v));
  path.labelledTargetPods = pods.map(servingPodOf);
  if (pods.length > 0) path.trace.push(`${pods.map((p) => describeRef(refOf(p))).join(', ')} carry the ${engine} target labels for ${pvName}, though the portal does not lead to them`);
}

// longhorn-manager labels a shared (RWX) volume's share-manager pod and its NFS Service with
// `longhorn.io/share-manager: <volume>` (types.GetShareManagerInstanceLabel); the Service selects the pod by it.
const LONGHORN_SHARE_MANAGER_LABEL = 'longhorn.io/share-manager';

/**
 * A Longhorn volume's NFS share (RWX): longhorn-manager runs an NFS server, the share-manager pod, behind
 * a Service, both labelled with the volume's name. Found by that label only; when neither exists the
 * volume is not shared (or its share was never created), and nothing is recorded.
 */
export function attachLonghornShareManager(model: Model, path: DataPath, pvName: string): void {
  const services = model.services.filter((svc) => svc.metadata.labels?.[LONGHORN_SHARE_MANAGER_LABEL] === pvName);
  const pods = model.podsWithLabel(LONGHORN_SHARE_MANAGER_LABEL, pvName);
  if (services.length === 0 && pods.length === 0) return;
  path.engine = 'longhorn-share-manager';
  const svc = services[0];
  if (svc !== undefined) {
    path.trace.push(`${describeRef(refOf(svc))} carries ${LONGHORN_SHARE_MANAGER_LABEL}=${pvName}: Longhorn serves the volume over NFS through it`);
    attachService(model, path, svc);
    return;
  }
  path.labelledTargetPods = pods.map(servingPodOf);
  path.trace.push(`${pods.map((p) => describeRef(refOf(p))).join(', ')} carry ${LONGHORN_SHARE_MANAGER_LABEL}=${pvName} (Longhorn's NFS share-manager); no Service carries it`);
  path.gaps.push(`no Service labelled ${LONGHORN_SHARE_MANAGER_LABEL}=${pvName} was found${model.kindCoverage('Service') === 'read' ? '' : ' (no Services were read)'}`);
}
