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

/**
 * Driver names a pod serves as a node plugin. Runs for every pod of a cluster, nearly all of which are no
 * plugin at all: a string without `/plugins/` is skipped before the regex, and nothing is allocated until a
 * driver is found.
 */
function driversOf(pod: Pod): ReadonlySet<string> {
  let drivers: Set<string> | undefined;
  for (const v of list(pod.spec?.volumes)) drivers = scanPluginDirs(text(v.hostPath?.path), drivers);
  for (const c of list(pod.spec?.containers)) for (const a of list(c.args)) drivers = scanPluginDirs(text(a), drivers);
  for (const c of list(pod.spec?.initContainers)) for (const a of list(c.args)) drivers = scanPluginDirs(text(a), drivers);
  return drivers ?? NO_DRIVERS;
}

const NO_DRIVERS: ReadonlySet<string> = new Set();

/** Adds the drivers whose plugin directory `s` names to `drivers` (created on the first one). */
function scanPluginDirs(s: string | undefined, drivers: Set<string> | undefined): Set<string> | undefined {
  if (s?.includes('/plugins/') !== true) return drivers;
  let found = drivers;
  for (const m of s.matchAll(PLUGIN_DIR)) {
    if (m[1] !== undefined && m[1] !== 'kubernetes.io' && !m[1].startsWith('kubernetes.io~')) (found ??= new Set()).add(m[1]);
  }
  return found;
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

const pluginsCache = new WeakMap<Model, Map<string, readonly NodePlugin[]>>();

/**
 * The node-plugin pods of one driver, across nodes. Built once per driver and shared by every path of that
 * driver (thousands of volumes × a plugin per node would otherwise be quadratic): treat it as read-only.
 */
export function nodePluginsOf(model: Model, driver: string): readonly NodePlugin[] {
  let byDriver = pluginsCache.get(model);
  if (byDriver === undefined) {
    byDriver = new Map();
    pluginsCache.set(model, byDriver);
  }
  const cached = byDriver.get(driver);
  if (cached !== undefined) return cached;
  const plugins = buildNodePlugins(model, driver);
  byDriver.set(driver, plugins);
  return plugins;
}

function buildNodePlugins(model: Model, driver: string): NodePlugin[] {
  return (index(model).get(driver) ?? []).map((pod) => {
    const plugin: NodePlugin = { ref: refOf(pod), ready: isPodReady(pod) };
    const node = podNode(pod);
    if (node !== undefined) plugin.node = node;
    const phase = text(pod.status?.phase);
    if (phase !== undefined) plugin.phase = phase;
    return plugin;
  });
}

/** One place where a node-plugin pod tells the kubelet about itself, and the kubelet root that place implies. */
export interface RegistrationPath {
  /** The path as written (`/var/lib/kubelet/plugins_registry`, `/var/lib/kubelet/plugins/x/csi.sock`). */
  path: string;
  /** Where it was written: `hostPath volume "registration-dir"`, `--kubelet-registration-path of container "node-driver-registrar"`. */
  source: string;
  /** The kubelet root directory it implies. */
  root: string;
}

const REGISTRY_DIR = /^(.*)\/plugins_registry\/?$/;
const PLUGIN_PATH = /^(.*)\/plugins\/[^/]+(?:\/.*)?$/;
const REGISTRATION_ARG = /^--kubelet-registration-path=(.+)$/;

function rootOf(path: string): string | undefined {
  const registry = REGISTRY_DIR.exec(path);
  if (registry?.[1] !== undefined && registry[1] !== '') return registry[1];
  const plugin = PLUGIN_PATH.exec(path);
  return plugin?.[1] !== undefined && plugin[1] !== '' ? plugin[1] : undefined;
}

/**
 * The registration paths of a node-plugin pod: the `plugins_registry` directory the kubelet watches,
 * the driver's plugin directory, and node-driver-registrar's `--kubelet-registration-path` (the socket
 * path the kubelet will dial, as seen from the host). Each implies a kubelet root; a registration
 * only works when that root is the node's actual kubelet root.
 */
export function registrationPaths(pod: Pod): RegistrationPath[] {
  const out: RegistrationPath[] = [];
  for (const v of list(pod.spec?.volumes)) {
    const path = text(v.hostPath?.path);
    if (path === undefined || !(REGISTRY_DIR.test(path) || PLUGIN_PATH.test(path)) || /\/plugins\/kubernetes\.io/.test(path)) continue;
    const root = rootOf(path);
    if (root !== undefined) out.push({ path, source: `hostPath volume "${text(v.name) ?? '?'}"`, root });
  }
  for (const c of [...list(pod.spec?.containers), ...list(pod.spec?.initContainers)]) {
    // Charts often pass `--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)`; the kubelet expands it from the container's env.
    const env = new Map(list(c.env).flatMap((e) => (text(e.name) !== undefined && text(e.value) !== undefined ? [[e.name ?? '', e.value ?? ''] as const] : [])));
    const args = list(c.args).map((a) => (text(a) ?? '').replace(/\$\((\w+)\)/g, (whole, name: string) => env.get(name) ?? whole));
    args.forEach((arg, i) => {
      const inline = REGISTRATION_ARG.exec(arg)?.[1];
      const path = inline ?? (arg === '--kubelet-registration-path' ? args[i + 1] : undefined);
      const root = path !== undefined ? rootOf(path) : undefined;
      if (path !== undefined && root !== undefined) out.push({ path, source: `--kubelet-registration-path of container "${text(c.name) ?? '?'}"`, root });
    });
  }
  return out;
}
