/**
 * pvc-not-bound: the pod is Pending because one of its claims is not bound: no StorageClass (and no
 * default class), a class that does not exist, a provisioner that is absent or failing
 * (`ProvisioningFailed`), a static class with no matching PersistentVolume, or WaitForFirstConsumer
 * while the pod itself cannot be scheduled.
 */
import type { Container, PersistentVolumeClaim, Pod, StorageClass } from '../../kube/types.ts';
import { isCrashLooping, isPodReady, podNode, restartCount } from '../../kube/pod.ts';
import { nodePluginsOf } from '../../model/datapath/csi-node-plugins.ts';
import { list, stringMap, text } from '../../kube/read.ts';
import { describeRef, refOf } from '../../model/refs.ts';
import type { Model } from '../../model/model.ts';
import type { DataPath } from '../../model/datapath/types.ts';
import { absenceEvidence, eventEvidence, gap, inference, objectEvidence } from '../evidence.ts';
import { strongest } from '../rank.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';
import { summaryStep } from '../chain.ts';

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];
// Static classes: nothing provisions, an administrator creates the PVs.
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

function defaultClass(model: Model): StorageClass | undefined {
  return model.all('StorageClass').find((sc) => DEFAULT_CLASS_ANNOTATIONS.some((a) => stringMap(sc.metadata.annotations)[a] === 'true'));
}

// Set by the scheduler on a WaitForFirstConsumer claim once it has picked a node for the consumer; from then
// on the external provisioner must create the volume (kubernetes pkg/controller/volume/persistentvolume
// util: AnnSelectedNode = "volume.kubernetes.io/selected-node").
const SELECTED_NODE = 'volume.kubernetes.io/selected-node';
const CSI_PROVISIONER_SIDECAR = /csi-provisioner/;

function containersOf(pod: Pod): Container[] {
  return [...list(pod.spec?.containers), ...list(pod.spec?.initContainers)];
}

function namesProvisioner(pod: Pod, provisioner: string): boolean {
  return containersOf(pod).some((c) => {
    const words = [...list(c.args), ...list(c.command), ...list(c.env).map((e) => e.value)].filter((w): w is string => typeof w === 'string');
    return words.some((w) => w === provisioner || w.endsWith(`=${provisioner}`));
  });
}

/**
 * The pods that act as a provisioner: those naming it in their arguments or env (`--provisioner=X`), else,
 * for a CSI driver, pods running the csi-provisioner sidecar beside an image of the driver's own node
 * plugin (current csi-provisioner learns the name from the driver, so no argument names it).
 */
function provisionerPods(model: Model, provisioner: string): { pods: Pod[]; how: string } {
  const named = model.pods.filter((pod) => namesProvisioner(pod, provisioner));
  if (named.length > 0) return { pods: named, how: `names provisioner ${provisioner} in its container arguments` };
  const driverImages = new Set(
    nodePluginsOf(model, provisioner).flatMap((p) => {
      const pod = model.resolveAs('Pod', p.ref);
      return pod !== undefined ? containersOf(pod).flatMap((c) => text(c.image) ?? []).filter((i) => !/csi-node-driver-registrar|livenessprobe/.test(i)) : [];
    }),
  );
  if (driverImages.size === 0) return { pods: [], how: '' };
  const controllers = model.pods.filter((pod) => {
    const images = containersOf(pod).flatMap((c) => text(c.image) ?? []);
    return images.some((i) => CSI_PROVISIONER_SIDECAR.test(i)) && images.some((i) => driverImages.has(i));
  });
  return { pods: controllers, how: `runs the csi-provisioner sidecar beside the ${provisioner} driver image` };
}

/** `Pod kube-system/x on worker-1 (CrashLoopBackOff, 212 restarts)`, and whether it can do its work. */
function podHealth(pod: Pod): { healthy: boolean; text: string } {
  const restarts = restartCount(pod);
  const phase = text(pod.status?.phase) ?? 'unknown phase';
  const crashLooping = isCrashLooping(pod);
  const ready = isPodReady(pod);
  const state = crashLooping ? 'CrashLoopBackOff' : `${phase}, ${ready ? 'Ready' : 'not Ready'}`;
  const where = podNode(pod);
  return { healthy: phase === 'Running' && ready && !crashLooping, text: `${describeRef(refOf(pod))}${where !== undefined ? ` on ${where}` : ''} (${state}${restarts > 0 ? `, ${String(restarts)} restart(s)` : ''})` };
}

/** Evidence that something serves a provisioner: a CSIDriver of that name, or a pod whose args or env name it. */
function provisionerPresence(model: Model, provisioner: string): Evidence | undefined {
  if (provisioner.startsWith('kubernetes.io/')) return inference(`${provisioner} is an in-tree provisioner run by kube-controller-manager`);
  const driver = model.get('CSIDriver', undefined, provisioner);
  if (driver !== undefined) return objectEvidence(refOf(driver), `CSIDriver ${provisioner} is registered`);
  const pod = model.pods.find((p) => namesProvisioner(p, provisioner));
  return pod !== undefined ? objectEvidence(refOf(pod), `${describeRef(refOf(pod))} names provisioner ${provisioner} in its container arguments`) : undefined;
}

interface ClaimJudgement {
  assessment: Assessment;
}

function judgeClaim(ctx: PodContext, path: DataPath, pvc: PersistentVolumeClaim): ClaimJudgement {
  const model = ctx.model;
  const now = model.now;
  const ref = refOf(pvc);
  const evidenceFor: Evidence[] = [objectEvidence(ref, `${describeRef(ref)} is ${text(pvc.status?.phase) ?? 'not bound'}${text(pvc.spec?.volumeName) === undefined ? ', bound to no PersistentVolume' : ''}`)];
  const evidenceAgainst: Evidence[] = [];
  const result = (verdict: Assessment['verdict'], score: number, summary: string, nextSteps: string[] = []): ClaimJudgement => ({ assessment: { verdict, score, summary, evidenceFor, evidenceAgainst, nextSteps } });
  const claimEvents = ctx.current.filter((e) => e.involved.kind === 'PersistentVolumeClaim' && e.involved.name === pvc.metadata.name);
  const provisioning = ctx.currentFacts('provisioning-failed').filter((f) => f.event.involved.kind === 'PersistentVolumeClaim' && f.event.involved.name === pvc.metadata.name);
  const scheduling = ctx.currentFacts('scheduling-failed');
  const lastScheduling = scheduling[scheduling.length - 1];
  const ns = pvc.metadata.namespace ?? '';
  const describe = `\`kubectl -n ${ns} describe pvc ${pvc.metadata.name}\``;

  const latestProvisioning = provisioning[provisioning.length - 1];
  if (latestProvisioning !== undefined) {
    evidenceFor.push(eventEvidence(latestProvisioning.event, now));
    if (latestProvisioning.fact.storageClassNotFound) return result('confirmed', 0.95, `${describeRef(ref)} asks for StorageClass "${latestProvisioning.fact.storageClass ?? '?'}", which does not exist, so nothing provisions it.`, [describe, 'Create the StorageClass or change the claim (storageClassName is immutable: recreate the claim).']);
    return result('likely', 0.9, `Provisioning ${describeRef(ref)} fails: ${latestProvisioning.fact.cause}`, [describe, `Look at the provisioner's logs for StorageClass "${latestProvisioning.fact.storageClass ?? text(pvc.spec?.storageClassName) ?? '?'}".`]);
  }

  const scName = pvc.spec?.storageClassName;
  const scCoverage = model.kindCoverage('StorageClass');
  if (scName === undefined || scName === null) {
    const def = defaultClass(model);
    if (def === undefined && scCoverage === 'read') {
      evidenceFor.push(absenceEvidence('No StorageClass is marked as the default (storageclass.kubernetes.io/is-default-class)'));
      return result('confirmed', 0.9, `${describeRef(ref)} names no StorageClass and the cluster has no default class, so only a matching pre-created PersistentVolume could bind it.`, ['Set `storageClassName` on the claim, or mark a class as default: `kubectl patch storageclass <name> -p \'{"metadata":{"annotations":{"storageclass.kubernetes.io/is-default-class":"true"}}}\'`.']);
    }
    if (def !== undefined) evidenceAgainst.push(objectEvidence(refOf(def), `StorageClass ${def.metadata.name} is the default now; a claim created before it existed keeps no class until the controller assigns it`));
    return result('possible', 0.4, `${describeRef(ref)} names no StorageClass.`, [describe]);
  }
  if (scName === '') {
    const available = model.persistentVolumes.filter((pv) => text(pv.status?.phase) === 'Available' && !text(pv.spec?.storageClassName));
    if (available.length === 0 && model.kindCoverage('PersistentVolume') === 'read') {
      evidenceFor.push(absenceEvidence('No Available PersistentVolume without a class exists to bind it'));
      return result('likely', 0.85, `${describeRef(ref)} asks for static binding (storageClassName ""), and no Available PersistentVolume matches.`, ['Create a PersistentVolume that matches the claim (size, access modes, no class), or give the claim a StorageClass.']);
    }
    return result('possible', 0.4, `${describeRef(ref)} waits for a static PersistentVolume to bind.`, [describe]);
  }
  const sc = model.storageClass(scName);
  if (sc === undefined) {
    if (scCoverage !== 'read') return result('possible', 0.4, `${describeRef(ref)} asks for StorageClass "${scName}", which could not be checked.`, [describe]);
    evidenceFor.push(absenceEvidence(`StorageClass ${scName} does not exist`));
    return result('confirmed', 0.95, `${describeRef(ref)} asks for StorageClass "${scName}", which does not exist, so nothing provisions it.`, ['Create the StorageClass or recreate the claim with an existing class (`kubectl get storageclass`).']);
  }
  const provisioner = text(sc.provisioner) ?? '';
  evidenceFor.push(objectEvidence(refOf(sc), `StorageClass ${scName}: provisioner ${provisioner || '?'}, volumeBindingMode ${text(sc.volumeBindingMode) ?? 'Immediate'}`));
  const selectedNode = stringMap(pvc.metadata.annotations)[SELECTED_NODE];
  if (selectedNode !== undefined) evidenceFor.push(objectEvidence(ref, `${describeRef(ref)} carries ${SELECTED_NODE}: ${selectedNode}: the scheduler has picked the node, and the provisioner must now create the volume`));
  // Once a node is selected, the claim no longer waits for the scheduler: it waits for the provisioner.
  const waitForConsumer = sc.volumeBindingMode === 'WaitForFirstConsumer' && selectedNode === undefined;
  if (waitForConsumer) {
    if (lastScheduling !== undefined) {
      evidenceFor.push(eventEvidence(lastScheduling.event, now));
      if (lastScheduling.fact.noAvailableVolumes) return result('likely', 0.85, `${describeRef(ref)} (WaitForFirstConsumer) has no PersistentVolume it could bind on any node the pod may use.`, ['For a static class, create a PersistentVolume on a node the pod can run on; otherwise check the provisioner.']);
      const reasons = lastScheduling.fact.reasons.map((r) => `${r.count !== undefined ? `${r.count} ` : ''}${r.reason}`).join('; ');
      evidenceAgainst.push(inference('With WaitForFirstConsumer the claim is provisioned only after the pod is scheduled: the claim waits for the scheduler, not the other way round'));
      return result('possible', 0.45, `${describeRef(ref)} waits for its first consumer, and the pod cannot be scheduled: ${reasons}.`, ['Fix what keeps the pod from being scheduled; the claim binds right after.']);
    }
    if (ctx.node === undefined) return result('possible', 0.3, `${describeRef(ref)} waits for the pod to be scheduled (WaitForFirstConsumer).`, [describe]);
  }
  if (provisioner === NO_PROVISIONER) {
    const available = model.persistentVolumes.filter((pv) => text(pv.status?.phase) === 'Available' && text(pv.spec?.storageClassName) === scName);
    if (available.length === 0 && model.kindCoverage('PersistentVolume') === 'read') {
      evidenceFor.push(absenceEvidence(`No Available PersistentVolume of class ${scName} exists (the class has no provisioner: volumes are created by hand)`));
      return result('likely', 0.85, `StorageClass ${scName} has no provisioner and no Available PersistentVolume of that class exists to bind ${describeRef(ref)}.`, [`Create a PersistentVolume of class ${scName} (e.g. a local volume on a node the pod can use).`]);
    }
    return result('possible', 0.4, `${describeRef(ref)} waits for a PersistentVolume of class ${scName}.`, [describe]);
  }
  if (!provisioner.startsWith('kubernetes.io/')) {
    const { pods, how } = provisionerPods(model, provisioner);
    const health = pods.map((p) => ({ pod: p, ...podHealth(p) }));
    if (health.length > 0 && health.every((h) => !h.healthy)) {
      for (const h of health) evidenceFor.push(objectEvidence(refOf(h.pod), `${h.text} ${how}`));
      const waiting = claimEvents.filter((e) => e.reason === 'ExternalProvisioning');
      const lastWaiting = waiting[waiting.length - 1];
      if (lastWaiting !== undefined) evidenceFor.push(eventEvidence(lastWaiting, now));
      const why = health.map((h) => h.text).join(', ');
      const waitsOn = selectedNode !== undefined ? `The scheduler picked ${selectedNode} for ${describeRef(ref)}, so it waits on provisioner ${provisioner}` : `${describeRef(ref)} waits on provisioner ${provisioner}`;
      return result('likely', 0.85, `${waitsOn}, but no pod of that provisioner is working: ${why}. Nothing creates the volume.`, [
        `\`kubectl -n ${health[0]?.pod.metadata.namespace ?? ''} logs ${health[0]?.pod.metadata.name ?? ''} --all-containers --previous\` to see why the provisioner fails.`,
        describe,
      ]);
    }
    if (health.length > 0) for (const h of health.filter((x) => x.healthy)) evidenceAgainst.push(objectEvidence(refOf(h.pod), `${h.text} ${how}`));
  }
  const present = provisionerPresence(model, provisioner);
  if (present !== undefined) {
    // The pod that names the provisioner may already be listed above with its health.
    if (present.ref === undefined || !evidenceAgainst.some((e) => e.ref?.uid !== undefined && e.ref.uid === present.ref?.uid)) evidenceAgainst.push(present);
    if (claimEvents.length === 0) evidenceAgainst.push(absenceEvidence('No current event reports a provisioning failure for the claim'));
    return result('possible', 0.4, `${describeRef(ref)} is not bound yet; its provisioner ${provisioner} is present and reports no failure.`, [describe, `Logs of the ${provisioner} provisioner.`]);
  }
  if (model.kindCoverage('CSIDriver') !== 'read') evidenceAgainst.push(gap('CSIDriver objects were not read: a registered driver could not be seen'));
  evidenceFor.push(absenceEvidence(`No CSIDriver ${provisioner} and no pod naming provisioner ${provisioner} was found`));
  return result('likely', 0.8, `Nothing in the cluster serves provisioner ${provisioner} of StorageClass ${scName}, so ${describeRef(ref)} is never provisioned.`, [`Install or fix the ${provisioner} provisioner (its controller Deployment / CSI controller), then watch ${describe}.`]);
}

function assess(ctx: PodContext): Assessment | undefined {
  const claims = ctx.paths.filter((p) => p.claim !== undefined);
  const unboundFact = ctx.currentFacts('scheduling-failed').some((f) => f.fact.unboundImmediateClaims);
  const pending = text(ctx.pod.status?.phase) === 'Pending';
  if (claims.length === 0 || !pending) return undefined;
  const judgements: Assessment[] = [];
  const bound: Evidence[] = [];
  const unread: string[] = [];
  for (const path of claims) {
    const pvc = path.claim !== undefined ? ctx.model.claim(path.claim.namespace, path.claim.name) : undefined;
    if (pvc === undefined) {
      if (path.claim !== undefined) unread.push(path.claim.name);
      continue;
    }
    if (text(pvc.status?.phase) === 'Bound' && text(pvc.spec?.volumeName) !== undefined) {
      bound.push(objectEvidence(refOf(pvc), `${describeRef(refOf(pvc))} is Bound to ${pvc.spec?.volumeName ?? ''}`));
      continue;
    }
    judgements.push(judgeClaim(ctx, path, pvc).assessment);
  }
  if (judgements.length === 0 && unboundFact && unread.length > 0) {
    // The scheduler says a claim is unbound, but the claim itself could not be read (the engine names the missing kind).
    const facts = ctx.currentFacts('scheduling-failed').filter((f) => f.fact.unboundImmediateClaims);
    return { verdict: 'possible', score: 0.5, summary: `The scheduler reports an unbound claim; claim ${unread.join(', ')} could not be read to say why.`, evidenceFor: facts.map((f) => eventEvidence(f.event, ctx.model.now)), evidenceAgainst: [], nextSteps: [`\`kubectl -n ${ctx.podRef.namespace ?? ''} describe pvc ${unread[0] ?? ''}\``] };
  }
  if (judgements.length === 0) {
    if (bound.length === 0) return undefined;
    const evidenceFor = unboundFact ? ctx.currentFacts('scheduling-failed').filter((f) => f.fact.unboundImmediateClaims).map((f) => eventEvidence(f.event, ctx.model.now)) : [];
    return { verdict: 'ruled-out', score: 0, summary: 'Every claim of the pod is Bound.', evidenceFor, evidenceAgainst: bound, nextSteps: [] };
  }
  return strongest(judgements);
}

export const pvcNotBound: Hypothesis = {
  id: 'pvc-not-bound',
  title: 'A claim of the pod is not bound to a volume',
  needs: ['PersistentVolumeClaim', 'StorageClass', 'Event'],
  reads: ['PersistentVolume', 'CSIDriver', 'Pod'],
  assess,
  explain: summaryStep('How did the pod fail to get its volume?'),
};
