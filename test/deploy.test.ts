/**
 * deploy/watch and deploy/watch-prometheus-operator rendered by the real kubectl 1.20 (its embedded kustomize
 * v2.0.3, the oldest users meet), then read as Kubernetes would: the ServiceAccount is bound to the ClusterRole,
 * the Deployment runs as that account with its config mounted where its flags say, its probes and the Service
 * point at the port the config listens on, the ServiceMonitor scrapes that Service, and the committed
 * PrometheusRule is exactly what `kubehow rules -o prometheusrule` prints today.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { kubectlPath } from './support/tools.ts';
import { parseWatchConfig } from '../src/watch/config.ts';
import { parseSinkSpecs } from '../src/sinks/create-sink.ts';
import { runKubehow } from './support/run-cli.ts';
import { DEFAULT_KUBEHOW_SELECTOR } from '../src/rules/prometheus-rules.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PROMETHEUS_RULE = 'deploy/watch-prometheus-operator/prometheusrule.yaml';
/** The flags the committed PrometheusRule was generated with (`npm run rules:generate`). */
const PROMETHEUS_RULE_ARGS = ['rules', '-o', 'prometheusrule'];

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

interface Container {
  name: string;
  image: string;
  args: string[];
  ports: { name: string; containerPort: number }[];
  livenessProbe: { httpGet: { path: string; port: string | number } };
  readinessProbe: { httpGet: { path: string; port: string | number } };
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: { allowPrivilegeEscalation: boolean; readOnlyRootFilesystem: boolean; runAsNonRoot: boolean; capabilities: { drop: string[] } };
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
}

interface PodSpec {
  serviceAccountName: string;
  automountServiceAccountToken: boolean;
  securityContext: { runAsNonRoot: boolean; runAsUser: number; seccompProfile: { type: string } };
  containers: Container[];
  volumes: { name: string; configMap?: { name: string }; emptyDir?: object }[];
}

async function render(dir: string): Promise<Manifest[]> {
  const { stdout } = await promisify(execFile)(kubectlPath(), ['kustomize', dir], { cwd: ROOT });
  return parseAllDocuments(stdout).map((d) => d.toJS() as Manifest);
}

function only(manifests: Manifest[], kind: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind);
  expect(found, kind).toHaveLength(1);
  const first = found[0];
  if (first === undefined) throw new Error(`no ${kind}`);
  return first;
}

let watch: Manifest[] = [];
let withOperator: Manifest[] = [];
beforeAll(async () => {
  [watch, withOperator] = await Promise.all([render('deploy/watch'), render('deploy/watch-prometheus-operator')]);
});

describe('deploy/watch (kubectl kustomize)', () => {
  it('renders the expected kinds at their API versions, namespaced ones in kubehow', () => {
    expect(watch.map((m) => `${m.apiVersion} ${m.kind}`).sort()).toEqual([
      'apps/v1 Deployment',
      'rbac.authorization.k8s.io/v1 ClusterRole',
      'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
      'v1 ConfigMap',
      'v1 Namespace',
      'v1 Service',
      'v1 ServiceAccount',
    ]);
    for (const m of watch) {
      const clusterScoped = ['Namespace', 'ClusterRole', 'ClusterRoleBinding'].includes(m.kind);
      expect(m.metadata.namespace, m.kind).toBe(clusterScoped ? undefined : 'kubehow');
    }
    expect(only(watch, 'Namespace').metadata.name).toBe('kubehow');
  });

  it('binds the ServiceAccount the Deployment runs as to the read-only ClusterRole', () => {
    const binding = only(watch, 'ClusterRoleBinding') as Manifest & { roleRef: { kind: string; name: string }; subjects: { kind: string; name: string; namespace: string }[] };
    const account = only(watch, 'ServiceAccount');
    expect(binding.roleRef).toMatchObject({ kind: 'ClusterRole', name: only(watch, 'ClusterRole').metadata.name });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: account.metadata.name, namespace: account.metadata.namespace }]);
    const pod = podSpec(watch);
    expect(pod.serviceAccountName).toBe(account.metadata.name);
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  it('runs one watcher with its config file mounted from the ConfigMap at the path its flag names', () => {
    const deployment = only(watch, 'Deployment') as Manifest & { spec: { replicas: number } };
    expect(deployment.spec.replicas).toBe(1);
    const pod = podSpec(watch);
    const container = onlyContainer(pod);
    expect(container.args.slice(0, 2)).toEqual(['watch', '--config']);
    const configPath = container.args[2] ?? '';
    const mount = container.volumeMounts.find((v) => configPath.startsWith(`${v.mountPath}/`));
    expect(mount?.readOnly).toBe(true);
    const volume = pod.volumes.find((v) => v.name === mount?.name);
    const configMap = only(watch, 'ConfigMap') as Manifest & { data: Record<string, string> };
    expect(volume?.configMap?.name).toBe(configMap.metadata.name);
    const key = configPath.slice((mount?.mountPath.length ?? 0) + 1);
    expect(Object.keys(configMap.data)).toContain(key);
  });

  it('probes /healthz and /readyz on the port the config listens on, which the Service exposes', () => {
    const pod = podSpec(watch);
    const container = onlyContainer(pod);
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    const port = container.ports.find((p) => p.name === container.livenessProbe.httpGet.port);
    expect(port?.name).toBe(container.readinessProbe.httpGet.port);
    // The example is read by the watcher's own config parser, so it cannot drift from what the watcher accepts.
    const config = parseWatchConfig(Object.values((only(watch, 'ConfigMap') as Manifest & { data: Record<string, string> }).data)[0] ?? '', 'configmap config.yaml');
    expect(parseSinkSpecs(config.sinks).map((s) => s.type)).toEqual(['stdout']);
    expect(config.listen.endsWith(`:${port?.containerPort ?? -1}`)).toBe(true);
    const service = only(watch, 'Service') as Manifest & { spec: { selector: Record<string, string>; ports: { name: string; port: number; targetPort: string }[] } };
    expect(service.spec.ports).toEqual([expect.objectContaining({ name: 'metrics', targetPort: port?.name })]);
    const podLabels = (only(watch, 'Deployment') as Manifest & { spec: { template: { metadata: { labels: Record<string, string> } } } }).spec.template.metadata.labels;
    expect(podLabels).toMatchObject(service.spec.selector);
  });

  it('runs unprivileged with requests and limits', () => {
    const pod = podSpec(watch);
    const container = onlyContainer(pod);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(Object.keys(container.resources.requests).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(container.resources.limits).sort()).toEqual(['cpu', 'memory']);
  });

  it('runs the image of this version, built by the Dockerfile as the same user', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string };
    const pod = podSpec(watch);
    expect(onlyContainer(pod).image.endsWith(`:${pkg.version}`)).toBe(true);
    const dockerfile = readFileSync(`${ROOT}Dockerfile`, 'utf8');
    expect(dockerfile).toMatch(new RegExp(`^USER ${String(pod.securityContext.runAsUser)}(:|$)`, 'm'));
  });
});

describe('deploy/watch-prometheus-operator (kubectl kustomize)', () => {
  it('adds a ServiceMonitor that scrapes the Service, and the PrometheusRule, to deploy/watch', () => {
    const added = withOperator.filter((m) => !watch.some((w) => w.kind === m.kind && w.metadata.name === m.metadata.name));
    expect(added.map((m) => `${m.apiVersion} ${m.kind} ${m.metadata.namespace ?? ''}`).sort()).toEqual(['monitoring.coreos.com/v1 PrometheusRule kubehow', 'monitoring.coreos.com/v1 ServiceMonitor kubehow']);
    const monitor = only(withOperator, 'ServiceMonitor') as Manifest & { spec: { selector: { matchLabels: Record<string, string> }; endpoints: { port: string; path: string }[] } };
    const service = only(withOperator, 'Service') as Manifest & { spec: { ports: { name: string }[] } };
    expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    expect(monitor.spec.endpoints.map((e) => [e.port, e.path])).toEqual([[service.spec.ports[0]?.name, '/metrics']]);
    // The job label the ServiceMonitor gives is the Service's name: the default selector of kubehow rules.
    expect(`job="${service.metadata.name}"`).toBe(DEFAULT_KUBEHOW_SELECTOR);
  });

  it(`keeps ${PROMETHEUS_RULE} identical to kubehow ${PROMETHEUS_RULE_ARGS.join(' ')} (regenerate: npm run rules:generate)`, async () => {
    const r = await runKubehow(PROMETHEUS_RULE_ARGS);
    expect(r.code).toBe(0);
    expect(readFileSync(`${ROOT}${PROMETHEUS_RULE}`, 'utf8')).toBe(r.stdout);
    const rendered = only(withOperator, 'PrometheusRule') as Manifest & { spec: unknown };
    expect(rendered.spec).toEqual((parse(r.stdout) as { spec: unknown }).spec);
  });
});

function podSpec(manifests: Manifest[]): PodSpec {
  return (only(manifests, 'Deployment') as Manifest & { spec: { template: { spec: PodSpec } } }).spec.template.spec;
}

function onlyContainer(pod: PodSpec): Container {
  expect(pod.containers).toHaveLength(1);
  const first = pod.containers[0];
  if (first === undefined) throw new Error('no container');
  return first;
}
