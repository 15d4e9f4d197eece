/**
 * csi-node-plugin-missing: the kubelet has no registration for the CSI driver because no node-plugin pod
 * of that driver runs on the consumer's node (the DaemonSet's nodeSelector or tolerations exclude it, or
 * the pod is crash-looping). Its neighbour csi-kubelet-dir-mismatch shares the message; what separates
 * them is whether a plugin pod runs there and where its registration paths point (csi-registration.ts).
 */
import { describeRef, refOf } from '../../model/refs.ts';
import { absenceEvidence, eventEvidence, gap, inference, objectEvidence } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';
import { describePlugin, exclusionReasons, pluginDaemonSets, assessRegistration, explainRegistration, type RegistrationView } from './csi-registration.ts';

function judge(ctx: PodContext, v: RegistrationView): Assessment {
  const now = ctx.model.now;
  const evidenceFor: Evidence[] = [eventEvidence(v.item.event, now)];
  const evidenceAgainst: Evidence[] = [];
  const nodeRef = { kind: 'Node', name: v.node };
  const registered = v.registeredHere;
  if (registered !== undefined) {
    if (registered.drivers.includes(v.driver)) evidenceAgainst.push(objectEvidence(registered.source, `${registered.what} lists ${v.driver} as registered: the kubelet has registered it since`));
    else evidenceFor.push(objectEvidence(registered.source, `${registered.what} does not list ${v.driver} (it lists ${registered.drivers.length > 0 ? registered.drivers.join(', ') : 'no driver'})`));
  }
  const running = v.here.filter((h) => h.running);
  if (running.length > 0) {
    for (const h of running) evidenceAgainst.push(objectEvidence(h.plugin.ref, `${describePlugin(h.plugin, h.pod)} is the driver's node plugin and it runs`));
    return { verdict: 'ruled-out', score: 0, summary: `A node-plugin pod of ${v.driver} is Running and Ready on ${v.node}; the plugin is there, its registration is what fails.`, evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  const registeredSince = v.registeredHere?.drivers.includes(v.driver) === true;
  if (v.here.length > 0) {
    for (const h of v.here) evidenceFor.push(objectEvidence(h.plugin.ref, `${describePlugin(h.plugin, h.pod)} is the driver's only node plugin on ${v.node} and it is not running`));
    if (v.mismatched.length > 0) {
      evidenceAgainst.push(inference(`Its registration paths (${v.mismatched.map((m) => m.path).join(', ')}) are not under ${v.nodeRoot.root} (${v.nodeRoot.because}): a registrar that cannot register fails its liveness probe and crash-loops, so the path mismatch would be the deeper cause (csi-kubelet-dir-mismatch)`));
      return { verdict: 'possible', score: v.nodeRoot.basis === 'default' ? 0.45 : 0.35, summary: `The node plugin of ${v.driver} on ${v.node} is not running, but its registration paths point outside the node's kubelet root, which would explain that.`, evidenceFor, evidenceAgainst, nextSteps: [] };
    }
    if (v.paths.length === 0) evidenceAgainst.push(gap(`The plugin pod's registration paths could not be read from its hostPath volumes or arguments`));
    else evidenceFor.push(inference(`Its registration paths are under ${v.nodeRoot.root} (${v.nodeRoot.because}), so they are not the problem`));
    const first = v.here[0];
    const rootSettled = v.paths.length > 0 && v.nodeRoot.basis !== 'default';
    return {
      verdict: registeredSince ? 'possible' : rootSettled ? 'confirmed' : 'likely',
      score: rootSettled ? 0.85 : 0.75,
      summary: `The node plugin of ${v.driver} on ${v.node} is not running${first?.crashLooping === true ? ' (CrashLoopBackOff)' : ''}, so the kubelet there has no registration for the driver.`,
      evidenceFor,
      evidenceAgainst,
      nextSteps: first !== undefined ? [`\`kubectl -n ${first.plugin.ref.namespace ?? ''} describe pod ${first.plugin.ref.name}\` and \`kubectl -n ${first.plugin.ref.namespace ?? ''} logs ${first.plugin.ref.name} --all-containers --previous\` (node-driver-registrar and the plugin container).`] : [],
    };
  }
  if (ctx.model.kindCoverage('Pod') !== 'read') {
    evidenceAgainst.push(gap('Pods were not fully read: whether a node plugin runs on the node cannot be checked'));
    return { verdict: 'possible', score: 0.3, summary: `Whether a node plugin of ${v.driver} runs on ${v.node} cannot be checked.`, evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  if (v.unattributed.length > 0) {
    for (const p of v.unattributed) evidenceAgainst.push(objectEvidence(refOf(p), `${describeRef(refOf(p))} on ${v.node} runs a node-driver-registrar whose plugin directory does not name a known driver: it may be ${v.driver}'s plugin under another directory name`));
    evidenceAgainst.push(gap(`Node plugins are recognised by a plugin directory named after the driver; whether ${v.driver}'s plugin runs on ${v.node} under another name cannot be excluded`));
    return { verdict: 'possible', score: 0.4, summary: `No pod on ${v.node} is recognisably a node plugin of ${v.driver}, but an unidentified registrar runs there.`, evidenceFor, evidenceAgainst, nextSteps: [`\`kubectl get pods -A -o wide --field-selector spec.nodeName=${v.node}\` and check which pod serves ${v.driver}.`] };
  }
  evidenceFor.push(absenceEvidence(`No pod on ${v.node} mounts a plugin directory of ${v.driver} or runs another node-driver-registrar that could register it: no node plugin of the driver runs there`, nodeRef));
  const daemonSets = pluginDaemonSets(ctx.model, v.elsewhere);
  const reasons: string[] = [];
  if (v.elsewhere.length === 0) {
    evidenceFor.push(absenceEvidence(`No node-plugin pod of ${v.driver} runs on any node: the driver's node DaemonSet is not installed or has no pods`));
  } else {
    evidenceFor.push(inference(`Node plugins of ${v.driver} run on ${[...new Set(v.elsewhere.map((p) => p.node ?? '(unscheduled)'))].join(', ')}, not on ${v.node}`));
    if (daemonSets.length === 0 && ctx.model.kindCoverage('DaemonSet') !== 'read') evidenceAgainst.push(gap('DaemonSets were not in the snapshot: why the plugin has no pod on this node (nodeSelector, tolerations) cannot be shown'));
    for (const ds of daemonSets) {
      if (v.nodeObject === undefined) continue;
      for (const r of exclusionReasons(ds.workload, v.nodeObject)) {
        reasons.push(`${ds.ref.kind} ${ds.ref.namespace ?? ''}/${ds.ref.name}: ${r}`);
        evidenceFor.push(objectEvidence(ds.ref, `${ds.ref.name} has no pod on ${v.node}: ${r}`));
      }
    }
  }
  if (v.nodeObject === undefined) evidenceAgainst.push(gap(`Node ${v.node} was not read: its labels and taints cannot be compared with the DaemonSet`));
  const ds = daemonSets[0];
  return {
    verdict: registeredSince ? 'possible' : 'confirmed',
    score: 0.9,
    summary: `No node plugin of ${v.driver} runs on ${v.node}${reasons.length > 0 ? ` (${reasons[0] ?? ''})` : ''}, so the kubelet there cannot call the driver.`,
    evidenceFor,
    evidenceAgainst,
    nextSteps: [
      ds !== undefined
        ? `Let ${ds.ref.kind} ${ds.ref.namespace ?? ''}/${ds.ref.name} schedule on ${v.node}: add the missing toleration / relax its nodeSelector (\`kubectl -n ${ds.ref.namespace ?? ''} get ds ${ds.ref.name} -o yaml\`), then check \`kubectl get csinode ${v.node} -o yaml\` lists ${v.driver}.`
        : `Install the node DaemonSet of ${v.driver} (its Helm chart / operator), then check \`kubectl get csinode ${v.node} -o yaml\` lists the driver.`,
    ],
  };
}

export const csiNodePluginMissing: Hypothesis = {
  id: 'csi-node-plugin-missing',
  title: "The CSI driver's node plugin does not run on the pod's node",
  needs: ['Pod', 'Node', 'Event'],
  // Optional: absent ones become gap evidence inside the hypothesis, not a cap.
  reads: ['DaemonSet', 'CSINode'],
  assess: (ctx) => assessRegistration(ctx, judge),
  explain: explainRegistration,
};
