/**
 * Node-plugin pods of CSI drivers, recognised by what makes them node plugins: they mount the kubelet's
 * plugin directory for the driver (`<kubelet root>/plugins/<driver>`, whatever the root: microk8s and k0s
 * move it) or register a socket there through node-driver-registrar. Indexed once per model.
 */
import type { Pod } from '../../kube/types.ts';
import { list, text } from '../../kube/read.ts';
import { isPodReady, podNode } from '../../kube/pod.ts';
import { refOf } from '../refs.ts';
import type { Model } from '../model.ts';
import type { NodePlugin } from './types.ts';
import { pushTo } from '../multimap.ts';

const PLUGIN_DIR = /\/plugins\/([^/\s"=]+)/g;

/** Driver names a pod serves as a node plugin. */
function driversOf(pod: Pod): Set<string> {
  const drivers = new Set<string>();
  const scan = (s: string | undefined): void => {
    if (s === undefined) return;
    for (const m of s.matchAll(PLUGIN_DIR)) if (m[1] !== undefined && m[1] !== 'kubernetes.io' && !m[1].startsWith('kubernetes.io~')) drivers.add(m[1]);
  };
  for (const v of list(pod.spec?.volumes)) scan(text(v.hostPath?.path));
  for (const c of [...list(pod.spec?.containers), ...list(pod.spec?.initContainers)]) for (const a of list(c.args)) scan(text(a));
  return drivers;
}

const cache = new WeakMap<Model, Map<string, Pod[]>>();

function index(model: Model): Map<string, Pod[]> {
  let byDriver = cache.get(model);
  if (byDriver === undefined) {
    byDriver = new Map();
    for (const pod of model.pods) {
      for (const driver of driversOf(pod)) pushTo(byDriver, driver, pod);
    }
    cache.set(model, byDriver);
  }
  return byDriver;
}

/** The node-plugin pods of one driver, across nodes. */
export function nodePluginsOf(model: Model, driver: string): NodePlugin[] {
  return (index(model).get(driver) ?? []).map((pod) => {
    const plugin: NodePlugin = { ref: refOf(pod), ready: isPodReady(pod) };
    const node = podNode(pod);
    if (node !== undefined) plugin.node = node;
    const phase = text(pod.status?.phase);
    if (phase !== undefined) plugin.phase = phase;
    return plugin;
  });
}
