/** Consumers whose volume is served by in-cluster pods behind a Service: the population both exposure checks look at. */
import type { Pod } from '../kube/types.ts';
import { text } from '../kube/read.ts';
import type { Model } from '../model/model.ts';
import { clusterDataPaths } from '../model/cluster-paths.ts';
import type { DataPath } from '../model/datapath/types.ts';

export interface ServiceFrontedVolume {
  consumer: Pod;
  path: DataPath;
}

/** Every live consumer pod and each of its volumes reached through a Service ClusterIP or DNS name with known serving pods. */
export function serviceFrontedVolumes(model: Model): ServiceFrontedVolume[] {
  const out: ServiceFrontedVolume[] = [];
  for (const [consumer, paths] of clusterDataPaths(model)) {
    const phase = text(consumer.status?.phase);
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    for (const path of paths) {
      const kind = path.portal?.kind;
      if ((kind === 'service-cluster-ip' || kind === 'service-dns-name') && path.servingPods.length > 0) out.push({ consumer, path });
    }
  }
  return out;
}
