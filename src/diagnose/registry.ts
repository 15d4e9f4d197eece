/** Every hypothesis the engine weighs. Adding one: its module, its test, its doc, and a line here. */
import type { Hypothesis } from './types.ts';
import { hairpinColocation } from './hypotheses/hairpin-colocation.ts';
import { targetNotReady } from './hypotheses/target-not-ready.ts';
import { portalStale } from './hypotheses/portal-stale.ts';
import { replicaQuorumLost } from './hypotheses/replica-quorum-lost.ts';
import { filesystemCorruption } from './hypotheses/filesystem-corruption.ts';
import { multiAttach } from './hypotheses/multi-attach.ts';
import { missingConfigObject } from './hypotheses/missing-config-object.ts';
import { networkPolicyBlocksTarget } from './hypotheses/network-policy-blocks-target.ts';
import { nfsServerUnresolvable } from './hypotheses/nfs-server-unresolvable.ts';
import { nfsExportDenied } from './hypotheses/nfs-export-denied.ts';
import { externalTargetUnreachable } from './hypotheses/external-target-unreachable.ts';
import { pvcNotBound } from './hypotheses/pvc-not-bound.ts';
import { volumeNodeAffinityConflict } from './hypotheses/volume-node-affinity-conflict.ts';
import { sandboxFailure } from './hypotheses/sandbox-failure.ts';
import { nodeNotReady } from './hypotheses/node-not-ready.ts';
import { imagePullFailure } from './hypotheses/image-pull-failure.ts';
import { initiatorMissing } from './hypotheses/initiator-missing.ts';
import { iscsidNotRunning } from './hypotheses/iscsid-not-running.ts';
import { initiatorMisconfigured } from './hypotheses/initiator-misconfigured.ts';
import { mountHelperMissing } from './hypotheses/mount-helper-missing.ts';
import { multipathClaimsDevice } from './hypotheses/multipath-claims-device.ts';
import { staleVolumeAttachment } from './hypotheses/stale-volume-attachment.ts';
import { kubeletVolumeStall } from './hypotheses/kubelet-volume-stall.ts';
import { csiNodePluginMissing } from './hypotheses/csi-node-plugin-missing.ts';
import { csiKubeletDirMismatch } from './hypotheses/csi-kubelet-dir-mismatch.ts';

export const HYPOTHESES: readonly Hypothesis[] = [
  hairpinColocation,
  targetNotReady,
  portalStale,
  replicaQuorumLost,
  filesystemCorruption,
  multiAttach,
  missingConfigObject,
  networkPolicyBlocksTarget,
  nfsServerUnresolvable,
  nfsExportDenied,
  externalTargetUnreachable,
  pvcNotBound,
  volumeNodeAffinityConflict,
  sandboxFailure,
  nodeNotReady,
  imagePullFailure,
  initiatorMissing,
  iscsidNotRunning,
  initiatorMisconfigured,
  mountHelperMissing,
  multipathClaimsDevice,
  staleVolumeAttachment,
  kubeletVolumeStall,
  csiNodePluginMissing,
  csiKubeletDirMismatch,
];
