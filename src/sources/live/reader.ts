/**
 * Reads into an ObjectStore, turning refusals into notes: 403 becomes "could not read …" (the run goes
 * on), 404 is simply an absent object, a kind the server does not serve is left out of `kindsRead`.
 */
import type { KubeObject } from '../types.ts';
import type { ApiRefusal, KubeApi, ListQuery } from './api-client.ts';
import type { ApiCatalog } from './discovery.ts';
import { asKubeObject, ObjectStore } from './object-store.ts';
import type { ResourceType } from './resources.ts';

/** Thrown by `list` when the server rejects a field selector (older servers support fewer fields). */
export class UnsupportedSelector extends Error {
  override readonly name = 'UnsupportedSelector';
}

/** `pods`, `jivavolumes.openebs.io`: how kubectl names a resource. */
export function resourceLabel(resource: ResourceType): string {
  return resource.group === '' ? resource.plural : `${resource.plural}.${resource.group}`;
}

export class LiveReader {
  readonly store = new ObjectStore();
  readonly api: KubeApi;
  readonly catalog: ApiCatalog;

  constructor(api: KubeApi, catalog: ApiCatalog) {
    this.api = api;
    this.catalog = catalog;
    for (const note of catalog.notes) this.store.note(note);
  }

  resource(name: string): ResourceType | undefined {
    return this.catalog.resources.get(name);
  }

  /** GETs one object into the store; undefined when absent, forbidden or not served. */
  async get(resourceName: string, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    const resource = this.resource(resourceName);
    if (resource === undefined) return undefined;
    const cached = this.store.get(resource.kind, resource.namespaced ? namespace : undefined, name);
    if (cached !== undefined) return cached;
    const result = await this.api.getObject(resource, namespace, name);
    if (!result.ok) {
      if (result.refusal.status === 404) {
        this.store.kindsRead.add(resource.kind);
        return undefined;
      }
      this.refused(resource, resource.namespaced ? namespace : undefined, result.refusal, name);
      return undefined;
    }
    const object = asKubeObject(result.value, resource);
    this.store.kindsRead.add(resource.kind);
    if (object !== undefined) this.store.add(object);
    return object;
  }

  /** Lists (all pages) into the store; the objects read, or [] when refused (with a note). */
  async list(resourceName: string, query: ListQuery, options: { store?: boolean } = {}): Promise<KubeObject[]> {
    const resource = this.resource(resourceName);
    if (resource === undefined) return [];
    const result = await this.api.listAll(resource, query);
    if (!result.ok) {
      if (result.refusal.status === 400 && query.fieldSelector !== undefined && /field label/i.test(result.refusal.message)) {
        throw new UnsupportedSelector(result.refusal.message);
      }
      this.refused(resource, resource.namespaced ? query.namespace : undefined, result.refusal);
      return [];
    }
    this.store.kindsRead.add(resource.kind);
    const out: KubeObject[] = [];
    for (const item of result.value) {
      const object = asKubeObject(item, resource);
      if (object === undefined) continue;
      if (options.store !== false) this.store.add(object);
      out.push(object);
    }
    return out;
  }

  /** Records a refusal as a note the report prints under "Could not check". */
  refused(resource: ResourceType, namespace: string | undefined, refusal: ApiRefusal, name?: string): void {
    const what = `${resourceLabel(resource)}${name !== undefined ? ` ${name}` : ''}${namespace !== undefined ? ` in namespace ${namespace}` : resource.namespaced ? ' in any namespace' : ''}`;
    if (refusal.status === 403) {
      this.store.note({
        kind: 'forbidden',
        message: `could not read ${what}: forbidden by RBAC (${refusal.message})`,
        resource: resource.kind,
        ...(namespace !== undefined ? { namespace } : {}),
      });
      return;
    }
    this.store.note({
      kind: 'unavailable',
      message: `could not read ${what}: the server answered ${refusal.status} ${refusal.reason} (${refusal.message})`,
      resource: resource.kind,
      ...(namespace !== undefined ? { namespace } : {}),
    });
  }
}
