/**
 * Small clusters for the node-side, attachment and CSI-deployment hypotheses: a consumer stuck on a CSI
 * volume, with the knobs that separate neighbours sharing one message (whether a node plugin runs on
 * the node, under which kubelet root it registers, where attachment records point).
 */
import type { KubeObject } from '../../src/sources/types.ts';
import { ClusterBuilder, hostPathVolume, pvcVolume, waiting, type DeploymentResult, type PodState } from './cluster-builder.ts';
import { NOW } from './scenarios.ts';

export const MICROK8S_ROOT = '/var/snap/microk8s/common/var/lib/kubelet';
export const DEFAULT_ROOT = '/var/lib/kubelet';

export interface NodePluginOptions {
  driver: string;
  /** Kubelet root the plugin's hostPaths and --kubelet-registration-path use. */
  root: string;
  /** Nodes that get a plugin pod. Default every node. */
  nodes?: string[];
  state?: PodState | Record<string, PodState>;
  nodeSelector?: Record<string, string>;
  tolerations?: Record<string, unknown>[];
  namespace?: string;
  /** DaemonSet name. Default `csi-node`. */
  name?: string;
  /** Pass the registration path through an env var, as many charts do (`$(DRIVER_REG_SOCK_PATH)`). */
  viaEnv?: boolean;
}

/** A CSI node-plugin DaemonSet as the upstream charts lay it out: node-driver-registrar plus the plugin, with the kubelet hostPaths. */
export function csiNodePlugin(c: ClusterBuilder, opts: NodePluginOptions) {
  const socket = `${opts.root}/plugins/${opts.driver}/csi.sock`;
  const registrationArg = opts.viaEnv === true ? '--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)' : `--kubelet-registration-path=${socket}`;
  const name = opts.name ?? 'csi-node';
  return c.daemonSet(`${opts.namespace ?? 'kube-system'}/${name}`, {
    labels: { app: name },
    ...(opts.nodes !== undefined ? { nodes: opts.nodes } : {}),
    ...(opts.state !== undefined ? { state: opts.state } : {}),
    ...(opts.nodeSelector !== undefined ? { nodeSelector: opts.nodeSelector } : {}),
    ...(opts.tolerations !== undefined ? { tolerations: opts.tolerations } : {}),
    containers: [
      {
        name: 'node-driver-registrar',
        image: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.10.1',
        args: ['--v=2', '--csi-address=/csi/csi.sock', registrationArg],
        ...(opts.viaEnv === true ? { env: [{ name: 'DRIVER_REG_SOCK_PATH', value: socket }] } : {}),
        volumeMounts: [{ name: 'socket-dir', mountPath: '/csi' }, { name: 'registration-dir', mountPath: '/registration' }],
      },
      { name: 'csi-plugin', image: 'example.com/csi-plugin:v1.0.0', args: ['--endpoint=unix:///csi/csi.sock'], volumeMounts: [{ name: 'socket-dir', mountPath: '/csi' }, { name: 'pods-mount-dir', mountPath: `${opts.root}/pods` }] },
    ],
    volumes: [
      hostPathVolume('socket-dir', `${opts.root}/plugins/${opts.driver}`, { type: 'DirectoryOrCreate' }),
      hostPathVolume('registration-dir', `${opts.root}/plugins_registry`, { type: 'Directory' }),
      hostPathVolume('pods-mount-dir', `${opts.root}/pods`, { type: 'Directory' }),
    ],
  });
}

export interface StuckOnCsiOptions {
  driver?: string;
  flavor?: 'microk8s' | 'kubeadm';
  consumerNode?: string;
  /** Node options per node name (readiness, taints, labels). */
  nodes?: Record<string, Parameters<ClusterBuilder['node']>[1]>;
  /** The FailedMount (or FailedAttachVolume) message; default none. */
  message?: (pvName: string) => string;
  reason?: string;
  /** Pod creation (scheduling) time. Default -20m. */
  podCreated?: string;
  /** Extra objects. */
  extra?: (c: ClusterBuilder, pv: KubeObject, app: DeploymentResult) => void;
}

export interface StuckOnCsi {
  objects: KubeObject[];
  pod: string;
  pvName: string;
  builder: ClusterBuilder;
}

/** `prod/app` stuck in ContainerCreating on `consumerNode` (default k8s02) with a CSI volume of `driver`. */
export function stuckOnCsi(opts: StuckOnCsiOptions = {}): StuckOnCsi {
  const c = new ClusterBuilder({ now: NOW, flavor: opts.flavor ?? 'kubeadm' });
  for (const n of ['k8s01', 'k8s02', 'k8s03']) c.node(n, opts.nodes?.[n] ?? {});
  const driver = opts.driver ?? 'rbd.csi.ceph.com';
  const { pv } = c.boundClaim('prod/data', { source: { csi: { driver, volumeHandle: `0001-0009-vol-${driver}` } }, storageClass: 'fast', provisioner: driver });
  const app = c.deployment('prod/app', { image: 'example/app:1', node: opts.consumerNode ?? 'k8s02', state: waiting('ContainerCreating'), podCreated: opts.podCreated ?? '-20m', volumes: [pvcVolume('data', 'data')] });
  if (opts.message !== undefined) {
    c.event({ on: app.pod, reason: opts.reason ?? 'FailedMount', message: opts.message(pv.metadata.name), count: 8, first: '-18m', last: '-1m' });
  }
  opts.extra?.(c, pv, app);
  return { objects: c.objects(), pod: `prod/${app.pod.metadata.name}`, pvName: pv.metadata.name, builder: c };
}
