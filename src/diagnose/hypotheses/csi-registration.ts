/**
 * The structure behind `driver name X not found in the list of registered CSI drivers`, shared by
 * csi-node-plugin-missing and csi-kubelet-dir-mismatch: is a node-plugin pod of X running on the
 * consumer's node, and do its registration paths sit under that node's kubelet root?
 */
import type { Node, Pod, Workload } from '../../kube/types.ts';
import { isCrashLooping } from '../../kube/pod.ts';
import { list, text } from '../../kube/read.ts';
import { nodePluginsOf, registrationPaths, type RegistrationPath } from '../../model/datapath/csi-node-plugins.ts';
import type { NodePlugin } from '../../model/datapath/types.ts';
import { detectDistribution, normalizeRoot, type Distribution } from '../../model/distribution.ts';
import type { Model } from '../../model/model.ts';
import { describeRef, refOf, type ObjectRef } from '../../model/refs.ts';
import type { CsiDriverNotRegisteredFact } from '../../messages/node-side-messages.ts';
import type { Assessment, FactInEvent, PodContext } from '../types.ts';
import { strongest } from '../rank.ts';
import { summaryStep } from '../chain.ts';

/** Where the node's kubelet root comes from: another driver registered from this node proves it; a distribution implies it; otherwise only the default is known. */
export interface NodeRoot {
  root: string;
  basis: 'registered-driver' | 'distribution' | 'default';
  because: string;
}

export interface RegistrationView {
  driver: string;
  item: FactInEvent<CsiDriverNotRegisteredFact>;
  node: string;
  nodeObject?: Node;
  distribution?: Distribution;
  /** Plugin pods of the driver on this node, with their pod objects. */
  here: { plugin: NodePlugin; pod: Pod; running: boolean; crashLooping: boolean }[];
  /** Plugin pods of the driver on other nodes. */
  elsewhere: NodePlugin[];
  /** Registration paths of the plugin pods on this node (or, when none runs here, of the driver's pods elsewhere: same template). */
  paths: RegistrationPath[];
  nodeRoot: NodeRoot;
  /** Paths whose implied root is not the node's root. */
  mismatched: RegistrationPath[];
  /**
   * Pods on this node running a node-driver-registrar that cannot be tied to a driver by name (their
   * plugin directory is not named after this driver, another registered driver or a CSIDriver object).
   * Such a pod may be this driver's plugin under another directory name, so absence cannot be concluded.
   */
  unattributed: Pod[];
  /** The drivers the kubelet reports registered on this node (CSINode, else annotation `csi.volume.kubernetes.io/nodeid`), when either was read. */
  registeredHere?: Registered;
}

const NODE_ID_ANNOTATION = 'csi.volume.kubernetes.io/nodeid';

/** What the kubelet reports registered on a node, and which object says so. */
export interface Registered {
  drivers: string[];
  source: ObjectRef;
  /** `CSINode k8s02` or `the csi.volume.kubernetes.io/nodeid annotation of Node k8s02`. */
  what: string;
}

/** The drivers the kubelet registered on the node: its CSINode object when read, else the node's nodeid annotation. */
function registeredDrivers(model: Model, nodeName: string, node: Node | undefined): Registered | undefined {
  const csiNode = model.get('CSINode', undefined, nodeName);
  if (csiNode !== undefined) return { drivers: list(csiNode.spec?.drivers).flatMap((d) => text(d.name) ?? []), source: refOf(csiNode), what: `CSINode ${nodeName}` };
  const raw = node?.metadata.annotations?.[NODE_ID_ANNOTATION];
  if (raw === undefined || node === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? { drivers: Object.keys(parsed), source: refOf(node), what: `the ${NODE_ID_ANNOTATION} annotation of Node ${nodeName}` } : undefined;
  } catch {
    return undefined;
  }
}

function nodeRootOf(model: Model, node: string, nodeObject: Node | undefined, distribution: Distribution | undefined, driver: string, registered: Registered | undefined): NodeRoot {
  // A driver the kubelet did register from this node shows the real root, whatever the distribution or --root-dir.
  for (const other of registered?.drivers ?? []) {
    if (other === driver) continue;
    const pod = nodePluginsOf(model, other).find((p) => p.node === node);
    const resolved = pod !== undefined ? model.resolveAs('Pod', pod.ref) : undefined;
    const roots = resolved !== undefined ? [...new Set(registrationPaths(resolved).map((r) => normalizeRoot(r.root)))] : [];
    if (roots.length === 1 && roots[0] !== undefined) return { root: roots[0], basis: 'registered-driver', because: `CSI driver ${other} is registered on ${node} with paths under ${roots[0]}` };
  }
  if (distribution !== undefined && distribution.kubeletRootFromDistribution) {
    return { root: distribution.kubeletRoot, basis: 'distribution', because: `${node} runs ${distribution.name} (${distribution.signs.join(', ')}), whose kubelet root is ${distribution.kubeletRoot}` };
  }
  const name = distribution !== undefined && distribution.name !== 'unknown' ? `${distribution.name} uses` : 'the kubelet defaults to';
  return { root: distribution?.kubeletRoot ?? '/var/lib/kubelet', basis: 'default', because: `${nodeObject !== undefined ? '' : `Node ${node} was not read; `}${name} ${distribution?.kubeletRoot ?? '/var/lib/kubelet'}, but --root-dir can move it without a trace in the Node object` };
}

const REGISTRAR = /node-driver-registrar|driver-registrar/;

function runsRegistrar(pod: Pod): boolean {
  return [...list(pod.spec?.containers), ...list(pod.spec?.initContainers)].some((c) => REGISTRAR.test(text(c.image) ?? '') || REGISTRAR.test(text(c.name) ?? ''));
}

/** Registrar pods on the node whose plugin directories name neither this driver nor any other known driver. */
function unattributedRegistrars(model: Model, node: string, driver: string, plugins: readonly NodePlugin[], known: ReadonlySet<string>): Pod[] {
  const mine = new Set(plugins.map((p) => p.ref.uid ?? p.ref.name));
  return model.podsOnNode(node).filter((pod) => {
    if (!runsRegistrar(pod) || mine.has(pod.metadata.uid ?? pod.metadata.name)) return false;
    const dirs = registrationPaths(pod).flatMap((r) => /\/plugins\/([^/]+)/.exec(r.path)?.[1] ?? []);
    return !dirs.some((d) => d !== driver && known.has(d));
  });
}

/** The registration picture for every current "not registered" failure on this pod's node (one per driver). */
export function registrationViews(ctx: PodContext): RegistrationView[] {
  const node = ctx.node;
  if (node === undefined) return [];
  const views: RegistrationView[] = [];
  const seen = new Set<string>();
  for (const item of ctx.currentFacts('csi-driver-not-registered')) {
    const driver = item.fact.driver;
    if (seen.has(driver)) continue;
    seen.add(driver);
    const plugins = nodePluginsOf(ctx.model, driver);
    const here = plugins.flatMap((plugin) => {
      if (plugin.node !== node) return [];
      const pod = ctx.model.resolveAs('Pod', plugin.ref);
      if (pod === undefined) return [];
      const running = text(pod.status?.phase) === 'Running' && plugin.ready && !isCrashLooping(pod);
      return [{ plugin, pod, running, crashLooping: isCrashLooping(pod) }];
    });
    const elsewhere = plugins.filter((p) => p.node !== node);
    const source = here.length > 0 ? here.map((h) => h.pod) : elsewhere.flatMap((p) => ctx.model.resolveAs('Pod', p.ref) ?? []).slice(0, 1);
    const paths = source.flatMap((p) => registrationPaths(p));
    const distribution = ctx.nodeObject !== undefined ? detectDistribution(ctx.nodeObject) : undefined;
    const registeredHere = registeredDrivers(ctx.model, node, ctx.nodeObject);
    const nodeRoot = nodeRootOf(ctx.model, node, ctx.nodeObject, distribution, driver, registeredHere);
    const mismatched = paths.filter((p) => normalizeRoot(p.root) !== normalizeRoot(nodeRoot.root));
    const known = new Set([...(registeredHere?.drivers ?? []), ...ctx.model.all('CSIDriver').map((d) => d.metadata.name)]);
    const unattributed = here.length === 0 ? unattributedRegistrars(ctx.model, node, driver, plugins, known) : [];
    const view: RegistrationView = { driver, item, node, here, elsewhere, paths, nodeRoot, mismatched, unattributed };
    if (ctx.nodeObject !== undefined) view.nodeObject = ctx.nodeObject;
    if (distribution !== undefined) view.distribution = distribution;
    if (registeredHere !== undefined) view.registeredHere = registeredHere;
    views.push(view);
  }
  return views;
}

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

function tolerates(tolerations: readonly Toleration[], taint: { key?: string; value?: string; effect?: string }): boolean {
  return tolerations.some((t) => {
    if (t.effect !== undefined && t.effect !== '' && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return t.key === undefined || t.key === '' || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

/** Why a DaemonSet's pods cannot land on the node: its nodeSelector or untolerated NoSchedule/NoExecute taints. Empty when nothing visible excludes it. */
export function exclusionReasons(daemonSet: Workload, node: Node): string[] {
  const spec = daemonSet.spec?.template?.spec;
  const reasons: string[] = [];
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec?.nodeSelector ?? {})) {
    if (labels[k] !== v) reasons.push(`its nodeSelector ${k}=${v} does not match ${node.metadata.name} (${labels[k] !== undefined ? `${k}=${labels[k]}` : `no label ${k}`})`);
  }
  const tolerations = list(spec?.tolerations as Toleration[] | undefined);
  for (const taint of list(node.spec?.taints)) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!tolerates(tolerations, taint)) reasons.push(`it does not tolerate the taint ${taint.key ?? ''}${taint.value !== undefined ? `=${taint.value}` : ''}:${taint.effect} of ${node.metadata.name}`);
  }
  return reasons;
}

/** The DaemonSets (as workload objects) that own the driver's plugin pods elsewhere. */
export function pluginDaemonSets(model: Model, plugins: readonly NodePlugin[]): { ref: ObjectRef; workload: Workload }[] {
  const out = new Map<string, { ref: ObjectRef; workload: Workload }>();
  for (const p of plugins) {
    const pod = model.resolveAs('Pod', p.ref);
    const workload = pod !== undefined ? model.workloadObject(pod) : undefined;
    const ref = pod !== undefined ? model.workloadOf(pod) : undefined;
    if (workload !== undefined && ref !== undefined && workload.kind === 'DaemonSet') out.set(describeRef(ref), { ref, workload });
  }
  return [...out.values()];
}

/** `Pod kube-system/csi-x on k8s02 (Running, Ready)`. */
export function describePlugin(p: NodePlugin, pod?: Pod): string {
  const state = pod !== undefined && isCrashLooping(pod) ? 'CrashLoopBackOff' : `${p.phase ?? 'unknown phase'}, ${p.ready ? 'Ready' : 'not Ready'}`;
  return `${describeRef(p.ref)} on ${p.node ?? '(unscheduled)'} (${state})`;
}

/**
 * The two CSI registration hypotheses share their symptom and their inputs; each judges every
 * (driver, node) view its own way and keeps the strongest.
 */
export function assessRegistration(ctx: PodContext, judge: (ctx: PodContext, view: RegistrationView) => Assessment): Assessment | undefined {
  return strongest(registrationViews(ctx).map((v) => judge(ctx, v)));
}

export const explainRegistration = summaryStep('How could the kubelet not find the CSI driver?');
