/** One detection pass over the cached cluster: the watch detectors, and which of them saw complete data. Pure. */
import type { Check, Finding, FindingId } from '../checks/types.ts';
import type { Model } from '../model/model.ts';
import { colocationExposure } from '../checks/colocation-exposure.ts';
import { restartStormCheck, type RestartWindow } from '../checks/restart-storm.ts';
import { nodeDiskPressure } from '../checks/node-disk-pressure.ts';
import { targetNotReady } from '../checks/target-not-ready.ts';
import { stuckPodCheck } from '../checks/stuck-pod.ts';
import { stuckThresholdOf, type WatchConfig, type WatchDetector } from './config.ts';

/** The checks the watcher runs, in the configured set, with stuck-pod's per-pod thresholds and restart-storm's window. */
export function detectorChecks(config: Pick<WatchConfig, 'detectors' | 'stuckAfterMs' | 'stuckOverrides'>, restarts?: RestartWindow): Check[] {
  const all: Record<WatchDetector, Check> = {
    'stuck-pod': stuckPodCheck(stuckThresholdOf(config)),
    'colocation-exposure': colocationExposure,
    'restart-storm': restartStormCheck(restarts),
    'node-disk-pressure': nodeDiskPressure,
    'target-not-ready': targetNotReady,
  };
  return config.detectors.map((id) => all[id]);
}

export interface DetectionPass {
  findings: Finding[];
  /** Detectors that ran and whose kinds were all in sync: only their missing findings may resolve alerts. */
  complete: Set<FindingId>;
  /** Detectors that threw, with the message: reported, and their alerts left as they were. */
  failures: { id: FindingId; message: string }[];
}

/** Runs `checks` on `model`; `inSync(kind)` says whether the cache holds the current objects of a kind. */
export function runDetection(model: Model, checks: readonly Check[], inSync: (kind: string) => boolean): DetectionPass {
  const pass: DetectionPass = { findings: [], complete: new Set(), failures: [] };
  for (const check of checks) {
    try {
      pass.findings.push(...check.run(model));
      if (check.needs.every(inSync)) pass.complete.add(check.id);
    } catch (err) {
      pass.failures.push({ id: check.id, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return pass;
}
