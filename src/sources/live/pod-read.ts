/**
 * The targeted read for one pod: follow pod → claims → PVs → portal → Service → EndpointSlices →
 * serving pods and replicas (by label) → owners → nodes, plus the events about each, in a fixed number
 * of rounds. Every request is a GET by name or a list narrowed by a label or field selector, so the
 * number of requests depends on the pod's own storage (volumes, serving pods, replicas, nodes), never
 * on the size of the cluster. See README "Live clusters" for the bound.
 */
import type { KubeObject } from '../types.ts';
import type { Event, LabelSelector, PersistentVolume, PersistentVolumeClaim, Pod, Service, Workload } from '../../kube/types.ts';
import { list, stringMap, text } from '../../kube/read.ts';
import { parseVolumeMessage } from '../../messages/volume-message.ts';
import { isIp } from '../../model/datapath/target.ts';
import { UnsupportedSelector, type LiveReader } from './reader.ts';

/** A label selector map as the `labelSelector` query parameter. */
function selectorQuery(selector: Readonly<Record<string, string>>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** matchLabels and matchExpressions (In / NotIn / Exists / DoesNotExist) in the API's selector syntax. */
export function labelSelectorQuery(selector: LabelSelector | undefined): string | undefined {
  if (selector === undefined) return undefined;
  const parts = Object.entries(stringMap(selector.matchLabels)).map(([k, v]) => `${k}=${v}`);
  for (const req of list(selector.matchExpressions)) {
    const key = req.key ?? '';
    const values = list(req.values).join(',');
    switch (req.operator) {
      case 'In':
        parts.push(`${key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(key);
        break;
      case 'DoesNotExist':
        parts.push(`!${key}`);
        break;
      default:
        return undefined;
    }
  }
  return parts.length > 0 ? parts.join(',') : undefined;
}

function splitHost(address: string): string {
  const v6 = /^\[([^\]]+)\]/.exec(address);
  if (v6?.[1] !== undefined) return v6[1];
  return address.replace(/:\d+$/, '');
}

/** The Service a cluster DNS name names (`name.ns.svc…`, `name.ns`, or a bare name in the pod's namespace), as the model resolves it. */
function serviceOfDnsName(host: string, defaultNamespace: string | undefined): { namespace: string; name: string } | undefined {
  const parts = host.replace(/\.$/, '').split('.');
  const [name, ns] = parts;
  if (parts.indexOf('svc') === 2 && name !== undefined && ns !== undefined) return { namespace: ns, name };
  if (parts.length === 2 && name !== undefined && ns !== undefined) return { namespace: ns, name };
  if (parts.length === 1 && name !== undefined && defaultNamespace !== undefined) return { namespace: defaultNamespace, name };
  return undefined;
}

class PodRead {
  private readonly r: LiveReader;
  private readonly namespace: string;
  private readonly pvNames = new Set<string>();
  private readonly warningEvents: KubeObject[] = [];
  /** Portal hosts looked up, and whether a Service was found behind each. */
  private readonly portalsDone = new Map<string, Promise<boolean>>();
  private readonly servicesDone = new Set<string>();
  private readonly policyNamespaces = new Set<string>();
  private readonly nodesDone = new Set<string>();

  constructor(reader: LiveReader, namespace: string) {
    this.r = reader;
    this.namespace = namespace;
  }

  async run(pod: Pod): Promise<void> {
    const ns = this.namespace;
    const uid = pod.metadata.uid;
    const volumes = list(pod.spec?.volumes);
    const claimNames = [...new Set(volumes.map((v) => text(v.persistentVolumeClaim?.claimName)).filter((n): n is string => n !== undefined))];
    const configMaps = new Set<string>();
    for (const v of volumes) {
      const cm = text(v.configMap?.name);
      if (cm !== undefined) configMaps.add(cm);
      for (const s of list(v.projected?.sources)) {
        const name = text(s.configMap?.name);
        if (name !== undefined) configMaps.add(name);
      }
    }

    // Round 2: everything named by the pod itself.
    const [claims] = await Promise.all([
      Promise.all(claimNames.map((c) => this.r.get('PersistentVolumeClaim', ns, c))),
      ...[...configMaps].map((c) => this.r.get('ConfigMap', ns, c)),
      uid !== undefined ? this.events(ns, `involvedObject.uid=${uid}`) : Promise.resolve(),
      // Earlier pods with the same name (StatefulSets) have their own uid but this name.
      this.events(ns, `involvedObject.kind=Pod,involvedObject.name=${pod.metadata.name}`),
      // Warnings about other pods of the namespace: kept only when they mention this pod's volumes (below).
      this.r.list('Event', { namespace: ns, fieldSelector: 'involvedObject.kind=Pod,type=Warning' }, { store: false }).then((events) => {
        this.warningEvents.push(...events);
      }),
      ...volumes.flatMap((v) => {
        const portals = [text(v.iscsi?.targetPortal), ...list(v.iscsi?.portals).map(text), text(v.nfs?.server)].filter((p): p is string => p !== undefined);
        return portals.map((p) => this.portal(p, ns));
      }),
    ]);

    // A Multi-Attach event names the pods still using the volume: read them (another node's pod is the evidence).
    const usedBy = new Set<string>();
    for (const e of this.r.store.ofKind('Event') as Event[]) {
      if ((e.involvedObject ?? e.regarding)?.uid !== uid) continue;
      for (const fact of parseVolumeMessage(text(e.message) ?? text(e.note) ?? '').facts) {
        if (fact.type === 'multi-attach') for (const name of fact.usedByPods) usedBy.add(name);
      }
    }
    await Promise.all([...usedBy].filter((n) => n !== pod.metadata.name).map((n) => this.r.get('Pod', ns, n)));

    // Round 3: the claims' volumes and classes, and their events.
    const boundClaims = claims.filter((c): c is PersistentVolumeClaim => c !== undefined);
    const pvs = await Promise.all([
      ...boundClaims.map((c) => {
        const pv = text(c.spec?.volumeName);
        if (pv !== undefined) this.pvNames.add(pv);
        return pv !== undefined ? this.r.get('PersistentVolume', undefined, pv) : Promise.resolve(undefined);
      }),
      ...claimNames.map(async (c) => {
        await this.events(ns, `involvedObject.kind=PersistentVolumeClaim,involvedObject.name=${c}`);
        return undefined;
      }),
      ...[...new Set(boundClaims.map((c) => text(c.spec?.storageClassName)).filter((s): s is string => s !== undefined))].map(async (sc) => {
        await this.r.get('StorageClass', undefined, sc);
        return undefined;
      }),
    ]);

    // A claim or PV that could not be read (forbidden): the kubelet's messages name the portal, and the model
    // completes such paths from them, so look those portals up too.
    const unresolved = claimNames.length > boundClaims.length || boundClaims.some((c) => {
      const pv = text(c.spec?.volumeName);
      return pv === undefined || !this.r.store.has('PersistentVolume', undefined, pv);
    });
    if (unresolved) {
      const portals = new Set<string>();
      const volumesNamed = new Set<string>();
      for (const e of this.r.store.ofKind('Event') as Event[]) {
        if ((e.involvedObject ?? e.regarding)?.uid !== uid) continue;
        const parsed = parseVolumeMessage(text(e.message) ?? text(e.note) ?? '');
        for (const fact of parsed.facts) {
          if (fact.type === 'iscsi-connection' && fact.portal !== undefined) portals.add(fact.portal);
          if (fact.type === 'nfs-connection' && fact.server !== undefined) portals.add(fact.server);
          if ((fact.type === 'iscsi-connection' || fact.type === 'nfs-connection') && parsed.volume !== undefined) volumesNamed.add(parsed.volume);
        }
      }
      await Promise.all([
        ...[...portals].map((p) => this.portal(p, ns)),
        // Jiva replicas of the volume the kubelet named, by the label Jiva puts on them.
        ...[...volumesNamed].filter((v) => !this.r.store.has('PersistentVolume', undefined, v)).map((v) => this.r.list('Pod', { labelSelector: `openebs.io/persistent-volume=${v}` })),
      ]);
    }

    // Round 4: from each PV to its portal, replicas, engine objects and attachments.
    const csiNodes = new Set<string>();
    await Promise.all(
      pvs.filter((pv): pv is PersistentVolume => pv !== undefined).map((pv) => this.persistentVolume(pv, ns, pod, csiNodes)),
    );

    // Round 5+: owners of every pod read (consumer, serving pods, replicas), up to the top workload.
    await this.owners();
    // Last round: the nodes involved and their events.
    await this.nodes();
    this.keepRelevantWarnings(pod);
  }

  private async events(namespace: string | undefined, fieldSelector: string): Promise<void> {
    await this.r.list('Event', { ...(namespace !== undefined ? { namespace } : {}), fieldSelector });
  }

  private async persistentVolume(pv: PersistentVolume, ns: string, pod: Pod, csiNodes: Set<string>): Promise<void> {
    const name = pv.metadata.name;
    const spec = pv.spec ?? {};
    const work: Promise<unknown>[] = [this.events(undefined, `involvedObject.kind=PersistentVolume,involvedObject.name=${name}`)];
    const portals = [text(spec.iscsi?.targetPortal), ...list(spec.iscsi?.portals).map(text), text(spec.nfs?.server)].filter((p): p is string => p !== undefined);
    work.push(
      Promise.all(portals.map((p) => this.portal(p, ns))).then(async (found) => {
        // No Service owns the portal: OpenEBS labels the volume's Service with the PV name, which shows a Service recreated with a new IP.
        if (spec.iscsi !== undefined && found.some((f) => !f)) await this.r.list('Service', { labelSelector: `openebs.io/persistent-volume=${name}` });
      }),
    );
    const driver = text(spec.csi?.driver);
    // Jiva (legacy and CSI) labels its controller and replica pods with the PV name (reference §1–2).
    if (spec.iscsi !== undefined || driver === 'jiva.csi.openebs.io') {
      work.push(this.r.list('Pod', { labelSelector: `openebs.io/persistent-volume=${name}` }));
    }
    if (driver !== undefined) {
      work.push(this.r.get('CSIDriver', undefined, driver));
      // No field selects a VolumeAttachment by PV: list them (one page per 500 attachments).
      work.push(this.r.list('VolumeAttachment', {}));
      const node = text(pod.spec?.nodeName);
      if (node !== undefined && !csiNodes.has(node)) {
        csiNodes.add(node);
        // Node-plugin pods are recognised by their mounts; read the pods of the consumer's node only,
        // and the node's CSINode (which drivers the kubelet registered there).
        work.push(this.r.list('Pod', { fieldSelector: `spec.nodeName=${node}` }), this.r.get('CSINode', undefined, node));
      }
    }
    if (driver === 'jiva.csi.openebs.io') {
      work.push(
        this.r.list('JivaVolume', { labelSelector: `openebs.io/persistent-volume=${name}` }).then(async (jvs) => {
          for (const jv of jvs) {
            const iscsi = (jv.spec as { iscsiSpec?: { targetIP?: unknown } } | undefined)?.iscsiSpec;
            const ip = text(iscsi?.targetIP);
            if (ip !== undefined) await this.portal(ip, ns);
          }
        }),
      );
    }
    if (driver === 'cstor.csi.openebs.io') {
      work.push(
        this.r.list('CStorVolume', { fieldSelector: `metadata.name=${name}` }).then(async (cvs) => {
          for (const cv of cvs) {
            const s = cv.spec as { targetPortal?: unknown; targetIP?: unknown } | undefined;
            const portal = text(s?.targetPortal) ?? text(s?.targetIP);
            if (portal !== undefined) await this.portal(portal, ns);
          }
        }),
        this.r.list('CStorVolumeReplica', { labelSelector: `cstorvolume.openebs.io/name=${name}` }),
        // cStor CSI records where it staged the volume (stale-volume-attachment).
        this.r.list('CStorVolumeAttachment', { labelSelector: `Volname=${name}` }),
      );
    }
    await Promise.all(work);
  }

  private networkPolicies(namespace: string): Promise<unknown> {
    if (this.policyNamespaces.has(namespace)) return Promise.resolve();
    this.policyNamespaces.add(namespace);
    return this.r.list('NetworkPolicy', { namespace });
  }

  /** The objects a portal address can be: a Service's ClusterIP or DNS name, a pod IP, a node address. True when a Service was found. */
  private portal(address: string, ns: string): Promise<boolean> {
    const host = splitHost(address);
    let done = this.portalsDone.get(host);
    if (done === undefined) {
      done = this.lookUpPortal(host, ns);
      this.portalsDone.set(host, done);
    }
    return done;
  }

  private async lookUpPortal(host: string, ns: string): Promise<boolean> {
    if (!isIp(host)) {
      const named = serviceOfDnsName(host, ns);
      const svc = named !== undefined ? await this.r.get('Service', named.namespace, named.name) : undefined;
      if (svc !== undefined) await this.service(svc);
      return svc !== undefined;
    }
    const [services, pods] = await Promise.all([this.servicesWithClusterIP(host), this.r.list('Pod', { fieldSelector: `status.podIP=${host}` })]);
    for (const svc of services) await this.service(svc);
    if (services.length === 0 && pods.length === 0) {
      // Not a Service or pod: maybe a node address. Nodes have no address field selector, so list them.
      await this.r.list('Node', {});
    }
    return services.length > 0;
  }

  private async servicesWithClusterIP(ip: string): Promise<Service[]> {
    try {
      return await this.r.list('Service', { fieldSelector: `spec.clusterIP=${ip}` });
    } catch (error) {
      if (!(error instanceof UnsupportedSelector)) throw error;
      // Servers before 1.30 cannot select Services by ClusterIP: list them all (one page per 500) and match here.
      const all = (await this.r.list('Service', {})) as Service[];
      return all.filter((s) => s.spec?.clusterIP === ip || list(s.spec?.clusterIPs).includes(ip));
    }
  }

  private async service(svc: Service): Promise<void> {
    const ns = svc.metadata.namespace;
    const key = `${ns ?? ''}/${svc.metadata.name}`;
    if (this.servicesDone.has(key) || ns === undefined) return;
    this.servicesDone.add(key);
    const selector = stringMap(svc.spec?.selector);
    const [slices] = await Promise.all([
      this.r.list('EndpointSlice', { namespace: ns, labelSelector: `kubernetes.io/service-name=${svc.metadata.name}` }),
      // Policies that may select the serving pods (network-policy-blocks-target); one list per target namespace.
      this.networkPolicies(ns),
      Object.keys(selector).length > 0 ? this.r.list('Pod', { namespace: ns, labelSelector: selectorQuery(selector) }) : Promise.resolve([]),
    ]);
    const targets: { namespace: string; name: string }[] = [];
    const collect = (ref: { kind?: string; namespace?: string; name?: string } | undefined): void => {
      if (ref?.kind === 'Pod' && ref.name !== undefined) targets.push({ namespace: ref.namespace ?? ns, name: ref.name });
    };
    if (slices.length > 0) {
      for (const slice of slices) for (const ep of list((slice as { endpoints?: { targetRef?: { kind?: string; namespace?: string; name?: string } }[] }).endpoints)) collect(ep.targetRef);
    } else {
      // The model falls back to Endpoints only when there is no EndpointSlice.
      const endpoints = await this.r.get('Endpoints', ns, svc.metadata.name);
      const subsets = list((endpoints as { subsets?: { addresses?: { targetRef?: { kind?: string; namespace?: string; name?: string } }[]; notReadyAddresses?: { targetRef?: { kind?: string; namespace?: string; name?: string } }[] }[] } | undefined)?.subsets);
      for (const s of subsets) for (const a of [...list(s.addresses), ...list(s.notReadyAddresses)]) collect(a.targetRef);
    }
    await Promise.all(targets.filter((t) => !this.r.store.has('Pod', t.namespace, t.name)).map((t) => this.r.get('Pod', t.namespace, t.name)));
  }

  /** Controller owners, level by level (Pod → ReplicaSet → Deployment, Job → CronJob). */
  private async owners(): Promise<void> {
    const seen = new Set<string>();
    let frontier: KubeObject[] = this.r.store.ofKind('Pod');
    for (let depth = 0; depth < 4 && frontier.length > 0; depth += 1) {
      const wanted: { kind: string; namespace: string; name: string }[] = [];
      for (const o of frontier) {
        const ns = o.metadata.namespace;
        if (ns === undefined) continue;
        const owner = list(o.metadata.ownerReferences).find((r) => r.controller === true) ?? list(o.metadata.ownerReferences)[0];
        if (owner === undefined || this.r.resource(owner.kind) === undefined) continue;
        const key = `${owner.kind}/${ns}/${owner.name}`;
        if (seen.has(key) || this.r.store.has(owner.kind, ns, owner.name)) continue;
        seen.add(key);
        wanted.push({ kind: owner.kind, namespace: ns, name: owner.name });
      }
      const read = await Promise.all(wanted.map((w) => this.r.get(w.kind, w.namespace, w.name)));
      frontier = read.filter((o): o is KubeObject => o !== undefined);
    }
  }

  /** Every node a pod read runs on, or a VolumeAttachment names, with its events. */
  private async nodes(): Promise<void> {
    const names = new Set<string>();
    for (const p of this.r.store.ofKind('Pod') as Pod[]) {
      const n = text(p.spec?.nodeName);
      if (n !== undefined) names.add(n);
    }
    for (const va of this.r.store.ofKind('VolumeAttachment') as { spec?: { nodeName?: unknown; source?: { persistentVolumeName?: unknown } } }[]) {
      const pv = text(va.spec?.source?.persistentVolumeName);
      const n = text(va.spec?.nodeName);
      if (n !== undefined && pv !== undefined && this.pvNames.has(pv)) names.add(n);
    }
    const todo = [...names].filter((n) => !this.nodesDone.has(n));
    for (const n of todo) this.nodesDone.add(n);
    await Promise.all(
      todo.flatMap((n) => [
        this.r.store.has('Node', undefined, n) ? Promise.resolve(undefined) : this.r.get('Node', undefined, n),
        // Node events (image GC, disk pressure) are recorded in "default" by the kubelet; search every namespace, as `kubectl describe node` does.
        this.events(undefined, `involvedObject.kind=Node,involvedObject.name=${n}`),
      ]),
    );
  }

  /** Warnings about other pods stay only when they name this pod's volumes or this pod's name (predecessors). */
  private keepRelevantWarnings(pod: Pod): void {
    const volumeNames = new Set([...this.pvNames, ...list(pod.spec?.volumes).map((v) => text(v.name)).filter((n): n is string => n !== undefined)]);
    for (const e of this.warningEvents as Event[]) {
      const involved = e.involvedObject ?? e.regarding;
      const relevant =
        (involved?.uid !== undefined && involved.uid === pod.metadata.uid) ||
        involved?.name === pod.metadata.name ||
        parseVolumeMessage(text(e.message) ?? text(e.note) ?? '').mentionedVolumes.some((v) => volumeNames.has(v));
      if (relevant) this.r.store.add(e);
    }
  }
}

/**
 * Reads the pod and everything its diagnosis needs into the reader's store. Returns false when the pod
 * does not exist (the caller then looks for a workload of that name).
 */
export async function readAroundPod(reader: LiveReader, namespace: string, name: string): Promise<boolean> {
  const pod: Pod | undefined = await reader.get('Pod', namespace, name);
  if (pod === undefined) return false;
  await new PodRead(reader, namespace).run(pod);
  return true;
}

/**
 * When no pod has the name the user typed, it may be a workload's: read the workloads of that name and
 * their pods, so the caller can pick the only one or list them. Returns the pods found.
 */
export async function readWorkloadPods(reader: LiveReader, namespace: string, name: string): Promise<Pod[]> {
  const workloads = (await Promise.all(['Deployment', 'StatefulSet', 'DaemonSet'].map((k) => reader.get(k, namespace, name)))).filter(
    (w): w is Workload => w !== undefined,
  );
  const pods: Pod[] = [];
  for (const w of workloads) {
    const selector = labelSelectorQuery(w.spec?.selector);
    if (selector === undefined) continue;
    pods.push(...((await reader.list('Pod', { namespace, labelSelector: selector })) as Pod[]));
  }
  // ReplicaSets link a Deployment's pods to it in the model's owner chain.
  const owners = new Set(pods.flatMap((p) => list(p.metadata.ownerReferences).filter((o) => o.kind === 'ReplicaSet').map((o) => o.name)));
  await Promise.all([...owners].map((o) => reader.get('ReplicaSet', namespace, o)));
  return pods;
}
