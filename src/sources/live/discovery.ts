/**
 * API discovery: which of the resources kubehow reads this server serves. Built-in groups are checked
 * against `/apis` (an old server without discovery.k8s.io/v1 simply has no EndpointSlices to read);
 * storage custom resources are found by group and kind in the group's resource list, never assumed.
 */
import type { SourceNote } from '../types.ts';
import type { KubeApi } from './api-client.ts';
import { BUILTIN_RESOURCES, STORAGE_CUSTOM_KINDS, type BuiltinResource, type ResourceType } from './resources.ts';
import { isRecord } from '../../kube/read.ts';

/** What the server serves, by kubehow's name for it (`Pod`, `EventsV1`, `JivaVolume`). */
export interface ApiCatalog {
  resources: ReadonlyMap<string, ResourceType>;
  notes: SourceNote[];
}

interface GroupInfo {
  versions: Set<string>;
  preferred: string | undefined;
}

function readGroups(body: Record<string, unknown>): Map<string, GroupInfo> {
  const groups = new Map<string, GroupInfo>();
  for (const g of Array.isArray(body.groups) ? body.groups : []) {
    if (!isRecord(g) || typeof g.name !== 'string') continue;
    const versions = new Set<string>();
    for (const v of Array.isArray(g.versions) ? g.versions : []) if (isRecord(v) && typeof v.version === 'string') versions.add(v.version);
    const preferred = isRecord(g.preferredVersion) && typeof g.preferredVersion.version === 'string' ? g.preferredVersion.version : undefined;
    groups.set(g.name, { versions, preferred });
  }
  return groups;
}

/** Reads `/apis` and, for each storage custom resource group present, that group's resource list. */
export async function discover(api: KubeApi): Promise<ApiCatalog> {
  const resources = new Map<string, ResourceType>();
  const notes: SourceNote[] = [];
  const apis = await api.getJson('/apis');
  const groups = apis.ok ? readGroups(apis.value) : undefined;
  if (!apis.ok) {
    notes.push({ kind: 'forbidden', message: `could not read API discovery (/apis: ${apis.refusal.message}); assuming the built-in resources and no storage custom resources` });
  }
  for (const [name, resource] of Object.entries(BUILTIN_RESOURCES) as [BuiltinResource, ResourceType][]) {
    if (resource.group === '' || groups === undefined || groups.get(resource.group)?.versions.has(resource.version) === true) resources.set(name, resource);
  }
  if (groups === undefined) return { resources, notes };

  const customGroups = [...new Set(STORAGE_CUSTOM_KINDS.map((k) => k.group))].filter((g) => groups.has(g));
  await Promise.all(
    customGroups.map(async (group) => {
      const info = groups.get(group);
      const version = info?.preferred ?? [...(info?.versions ?? [])][0];
      if (version === undefined) return;
      const list = await api.getJson(`/apis/${group}/${version}`);
      if (!list.ok) {
        notes.push({ kind: 'forbidden', message: `could not read the resources of API group ${group}/${version}: ${list.refusal.message}` });
        return;
      }
      for (const r of Array.isArray(list.value.resources) ? list.value.resources : []) {
        if (!isRecord(r) || typeof r.name !== 'string' || r.name.includes('/') || typeof r.kind !== 'string') continue;
        const wanted = STORAGE_CUSTOM_KINDS.find((k) => k.group === group && k.kind === r.kind);
        if (wanted === undefined) continue;
        resources.set(wanted.kind, { kind: wanted.kind, group, version, plural: r.name, namespaced: r.namespaced === true });
      }
    }),
  );
  return { resources, notes };
}
