/** Every cluster-wide check. Adding one: its module, its test, its doc, and a line here. */
import type { Check } from './types.ts';
import { restartStorm } from './restart-storm.ts';
import { nodeDiskPressure } from './node-disk-pressure.ts';
import { colocationExposure } from './colocation-exposure.ts';
import { missingAntiAffinity } from './missing-anti-affinity.ts';
import { targetPlacement } from './target-placement.ts';
import { stuckPod } from './stuck-pod.ts';
import { targetNotReady } from './target-not-ready.ts';

export const CHECKS: readonly Check[] = [colocationExposure, missingAntiAffinity, targetPlacement, targetNotReady, stuckPod, restartStorm, nodeDiskPressure];
