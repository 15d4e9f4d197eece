/** Data paths of every pod, resolved once per model and shared by all cluster-wide checks. */
import type { Pod } from '../kube/types.ts';
import type { Model } from './model.ts';
import type { DataPath } from './datapath/types.ts';
import { resolveDataPaths } from './datapath/resolve.ts';

const cache = new WeakMap<Model, Map<Pod, DataPath[]>>();

/** Every pod with at least one storage data path, and those paths. */
export function clusterDataPaths(model: Model): ReadonlyMap<Pod, readonly DataPath[]> {
  let paths = cache.get(model);
  if (paths === undefined) {
    paths = new Map();
    for (const pod of model.pods) {
      const resolved = resolveDataPaths(model, pod);
      if (resolved.length > 0) paths.set(pod, resolved);
    }
    cache.set(model, paths);
  }
  return paths;
}
