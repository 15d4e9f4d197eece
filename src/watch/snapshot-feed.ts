/**
 * A ClusterFeed over a snapshot: the cluster as it was, never changing. `kubehow watch --snapshot … --once`
 * uses it to show what the watcher would alert on for a collected cluster, with no API server.
 */
import type { ClusterState } from '../sources/types.ts';
import type { ClusterFeed } from './watcher.ts';

export class SnapshotFeed implements ClusterFeed {
  private readonly snapshot: ClusterState;

  constructor(snapshot: ClusterState) {
    this.snapshot = snapshot;
  }

  /** The snapshot as read; its own `observedAt` stays its "now" (a snapshot's ages are measured at collection). */
  state(): ClusterState {
    return this.snapshot;
  }

  inSync(): boolean {
    return true;
  }

  synced(): boolean {
    return true;
  }

  subscribe(): () => void {
    return () => undefined;
  }
}
