/**
 * initiator-missing: the iSCSI initiator tool (iscsiadm) is not where the mount runs: the host package
 * is missing, or the kubelet runs from an image without it (Talos slim kubelet, RKE1 hyperkube,
 * minikube ISO), or an iSCSI CSI node plugin image lacks it. Separated from mount-helper-missing by
 * which program the failing operation runs (missing-executables.ts).
 */
import { eventEvidence, gap, inference, objectEvidence } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';
import { missingPrograms, podNodeDistribution, structureGaps, type MissingProgram } from './missing-executables.ts';
import { summaryStep } from '../chain.ts';

function where(ctx: PodContext, p: MissingProgram): string {
  return p.inPluginImage ? `the node-plugin container of ${p.path?.driver ?? 'the CSI driver'} on ${ctx.node ?? 'the node'}` : `the kubelet's PATH on ${ctx.node ?? 'the node'}`;
}

function assess(ctx: PodContext): Assessment | undefined {
  const programs = missingPrograms(ctx);
  if (programs.length === 0) return undefined;
  const now = ctx.model.now;
  const evidenceFor: Evidence[] = [];
  const evidenceAgainst: Evidence[] = [];
  for (const p of programs) {
    const ev = eventEvidence(p.item.event, now);
    if (p.iscsiadm === 'no') evidenceAgainst.push(ev, inference(`Not iscsiadm: ${p.why}`));
    else evidenceFor.push(ev, inference(`${p.iscsiadm === 'only' ? 'The missing program is iscsiadm' : 'The missing program may be iscsiadm'}: ${p.why}`));
  }
  for (const g of structureGaps(ctx, programs)) evidenceAgainst.push(gap(g));
  const named = programs.find((p) => p.iscsiadm === 'only' && p.item.fact.binary !== undefined);
  const only = named ?? programs.find((p) => p.iscsiadm === 'only');
  const maybe = programs.find((p) => p.iscsiadm === 'maybe');
  const best = only ?? maybe;
  if (best === undefined) {
    return { verdict: 'ruled-out', score: 0, summary: 'The missing program is not the iSCSI initiator: the failing step does not run iscsiadm.', evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  const distribution = podNodeDistribution(ctx);
  if (ctx.nodeObject !== undefined && distribution?.containerizedKubelet === true && !best.inPluginImage) {
    evidenceFor.push(objectEvidence({ kind: 'Node', name: ctx.node ?? '' }, `${ctx.node ?? 'The node'} runs ${distribution.name} (${distribution.signs.join(', ')}), whose kubelet runs from an image of its own: host tools are not on its PATH unless the image or an extension provides them`));
  }
  const verdict: Assessment['verdict'] = named !== undefined ? 'confirmed' : only !== undefined ? 'likely' : 'possible';
  // An unnamed failure in an in-tree iSCSI SetUp (older kubelets logged in there) was iscsiadm in every public report; rank it above a helper.
  const score = named !== undefined ? 0.9 : only !== undefined ? 0.8 : best.path?.protocol === 'iscsi' ? 0.5 : 0.45;
  const summary =
    verdict === 'possible'
      ? `A program is missing in ${where(ctx, best)} during a step that runs iscsiadm among others; it may be the iSCSI initiator.`
      : `iscsiadm, the iSCSI initiator, is missing from ${where(ctx, best)}, so the node cannot log in to the target.`;
  return { verdict, score, summary, evidenceFor, evidenceAgainst, nextSteps: nextSteps(ctx, best, distribution?.name) };
}

function nextSteps(ctx: PodContext, p: MissingProgram, distribution: string | undefined): string[] {
  if (p.inPluginImage) {
    return [
      `Check the node plugin of ${p.path?.driver ?? 'the driver'} on ${ctx.node ?? 'the node'}: \`kubectl exec <node-plugin pod> -c <plugin container> -- which iscsiadm\`; use the driver's image that ships open-iscsi, or its host-iscsiadm (nsenter) mode.`,
    ];
  }
  const steps = [`On ${ctx.node ?? 'the node'}: \`command -v iscsiadm && systemctl status iscsid\`; install open-iscsi (Debian/Ubuntu) or iscsi-initiator-utils (RHEL/Fedora) and enable iscsid.`];
  if (distribution === 'talos') steps.push('Talos: add the siderolabs/iscsi-tools system extension, and use a kubelet image that can reach iscsiadm (since Talos 1.8 the default kubelet image is slim).');
  if (distribution === 'rke') steps.push('RKE1: bind the host\'s iscsiadm into the kubelet container (`services.kubelet.extra_binds: ["/sbin/iscsiadm:/sbin/iscsiadm", "/etc/iscsi:/etc/iscsi"]`).');
  if (distribution === 'minikube') steps.push('minikube: the ISO may lack open-iscsi; use a driver/ISO that ships it or run the node in a VM image with open-iscsi.');
  return steps;
}

export const initiatorMissing: Hypothesis = {
  id: 'initiator-missing',
  title: 'The iSCSI initiator (iscsiadm) is missing where the mount runs',
  needs: ['Pod', 'Event'],
  // Optional: absent ones become gap evidence inside the hypothesis, not a cap.
  reads: ['Node', 'PersistentVolumeClaim', 'PersistentVolume'],
  assess,
  explain: summaryStep('How did the iSCSI login fail?'),
};
