/** Every hypothesis the engine weighs. Adding one: its module, its test, its doc, and a line here. */
import type { Hypothesis } from './types.ts';
import { hairpinColocation } from './hypotheses/hairpin-colocation.ts';
import { targetNotReady } from './hypotheses/target-not-ready.ts';
import { portalStale } from './hypotheses/portal-stale.ts';
import { replicaQuorumLost } from './hypotheses/replica-quorum-lost.ts';
import { filesystemCorruption } from './hypotheses/filesystem-corruption.ts';
import { multiAttach } from './hypotheses/multi-attach.ts';
import { missingConfigObject } from './hypotheses/missing-config-object.ts';

export const HYPOTHESES: readonly Hypothesis[] = [
  hairpinColocation,
  targetNotReady,
  portalStale,
  replicaQuorumLost,
  filesystemCorruption,
  multiAttach,
  missingConfigObject,
];
