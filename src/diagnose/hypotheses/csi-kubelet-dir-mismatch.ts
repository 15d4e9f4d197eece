/**
 * csi-kubelet-dir-mismatch: the driver's node plugin runs on the node, but registers under a kubelet
 * root the node's kubelet does not use (charts default to /var/lib/kubelet; microk8s uses
 * /var/snap/microk8s/common/var/lib/kubelet, k0s /var/lib/k0s/kubelet), so the kubelet never sees the
 * registration socket. Shares its message with csi-node-plugin-missing (csi-registration.ts).
 */
import { eventEvidence, gap, inference, objectEvidence } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';
import { assessRegistration, describePlugin, explainRegistration, type RegistrationView } from './csi-registration.ts';

function judge(ctx: PodContext, v: RegistrationView): Assessment {
  const now = ctx.model.now;
  const evidenceFor: Evidence[] = [eventEvidence(v.item.event, now)];
  const evidenceAgainst: Evidence[] = [];
  const nodeRef = { kind: 'Node', name: v.node };
  if (v.here.length === 0 && v.unattributed.length > 0) {
    evidenceAgainst.push(gap(`No pod on ${v.node} is recognisably ${v.driver}'s node plugin, but ${v.unattributed.map((p) => p.metadata.name).join(', ')} runs an unidentified node-driver-registrar there; its registration paths were not compared`));
    return { verdict: 'possible', score: 0.25, summary: `An unidentified node-driver-registrar runs on ${v.node}; if it is ${v.driver}'s, its registration may be misplaced.`, evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  if (v.here.length === 0) {
    evidenceAgainst.push(inference(`No node-plugin pod of ${v.driver} runs on ${v.node}: there is no registration to be misplaced (csi-node-plugin-missing)`));
    return { verdict: 'ruled-out', score: 0, summary: `No node plugin of ${v.driver} runs on ${v.node}, so no registration path can be wrong there.`, evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  for (const h of v.here) evidenceFor.push(objectEvidence(h.plugin.ref, `${describePlugin(h.plugin, h.pod)} is the driver's node plugin on ${v.node}`));
  const registeredSince = v.registeredHere?.drivers.includes(v.driver) === true;
  if (registeredSince && v.registeredHere !== undefined) evidenceAgainst.push(objectEvidence(v.registeredHere.source, `${v.registeredHere.what} lists ${v.driver} as registered: the kubelet has registered it since`));
  if (v.paths.length === 0) {
    evidenceAgainst.push(gap('The plugin pod shows no registration path (no plugins_registry hostPath, no --kubelet-registration-path): the paths cannot be compared with the kubelet root'));
    return { verdict: 'possible', score: 0.3, summary: `The node plugin of ${v.driver} runs on ${v.node}, but its registration paths could not be read.`, evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  const root = v.nodeRoot;
  const rootEvidence = objectEvidence(nodeRef, root.because);
  if (v.nodeObject === undefined) evidenceAgainst.push(gap(`Node ${v.node} was not in the snapshot: its distribution, and so its kubelet root, cannot be read`));
  if (v.mismatched.length === 0) {
    evidenceAgainst.push(rootEvidence);
    for (const p of v.paths) evidenceAgainst.push(inference(`${p.source}: ${p.path} is under ${root.root}`));
    if (root.basis === 'default') {
      evidenceAgainst.push(gap(`${v.node}'s actual --root-dir is not in the Node object; if it is not ${root.root}, the registration is still misplaced`));
      const running = v.here.some((h) => h.running);
      return {
        verdict: running && !registeredSince ? 'possible' : 'ruled-out',
        score: running ? 0.3 : 0,
        summary: running ? `The plugin registers under ${root.root}, the default kubelet root; only a kubelet started with another --root-dir would miss it.` : `The plugin's registration paths match the default kubelet root ${root.root}.`,
        evidenceFor,
        evidenceAgainst,
        nextSteps: running ? [`On ${v.node}: \`ps -o args= -C kubelet | tr ' ' '\\n' | grep root-dir\` (or the kubelet config) to see the kubelet root.`] : [],
      };
    }
    return { verdict: 'ruled-out', score: 0, summary: `The plugin's registration paths are under ${root.root}, the kubelet root of ${v.node}.`, evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  evidenceFor.push(rootEvidence);
  for (const p of v.mismatched) evidenceFor.push(objectEvidence(v.here[0]?.plugin.ref ?? nodeRef, `${p.source}: ${p.path}, i.e. kubelet root ${p.root}, not ${root.root}`));
  const running = v.here.some((h) => h.running);
  if (!running) evidenceFor.push(inference('The plugin is not Ready: node-driver-registrar fails its liveness check when the kubelet never confirms the registration, which is what a misplaced registration does'));
  const certain = root.basis !== 'default';
  const verdict: Assessment['verdict'] = registeredSince ? 'possible' : certain ? 'confirmed' : 'likely';
  const first = v.mismatched[0];
  return {
    verdict,
    score: certain ? 0.95 : 0.8,
    summary: `The node plugin of ${v.driver} on ${v.node} registers under ${first?.root ?? '?'}, but the kubelet there uses ${root.root}, so it never sees the driver.`,
    evidenceFor,
    evidenceAgainst,
    nextSteps: [
      `Reinstall the driver with its kubelet directory set to ${root.root} (Helm charts call it kubeletDir / kubeletHostPath / kubeletRootDir), so that the plugins_registry and plugins/${v.driver} hostPaths and --kubelet-registration-path sit under it.`,
      `Then check: \`kubectl get csinode ${v.node} -o jsonpath='{.spec.drivers[*].name}'\` lists ${v.driver}.`,
    ],
  };
}

export const csiKubeletDirMismatch: Hypothesis = {
  id: 'csi-kubelet-dir-mismatch',
  title: "The CSI node plugin registers outside the node's kubelet directory",
  needs: ['Pod', 'Node', 'Event'],
  // Optional: absent ones become gap evidence inside the hypothesis, not a cap.
  reads: ['DaemonSet', 'CSINode'],
  assess: (ctx) => assessRegistration(ctx, judge),
  explain: explainRegistration,
};
