/** Builds the PodContext every hypothesis reads. */
import type { Pod } from '../kube/types.ts';
import { podNode } from '../kube/pod.ts';
import type { Model } from '../model/model.ts';
import { refOf } from '../model/refs.ts';
import { completeFromMessage, resolveDataPaths } from '../model/datapath/resolve.ts';
import { splitHostPort } from '../model/datapath/target.ts';
import type { DataPath } from '../model/datapath/types.ts';
import { judgePodEvents } from '../model/pod-events.ts';
import type { EventView } from '../model/events.ts';
import type { MessageFact } from '../messages/volume-message.ts';
import type { FactInEvent, PodContext } from './types.ts';

const REMOTE = new Set(['iscsi', 'nfs', 'csi']);

/** The data path an event is about. */
function pathOfEvent(paths: readonly DataPath[], event: EventView, portal?: string): DataPath | undefined {
  const volume = event.parsed.volume;
  if (volume !== undefined) {
    const byVolume = paths.find((p) => p.persistentVolume?.name === volume || p.volume === volume);
    if (byVolume !== undefined) return byVolume;
  }
  for (const name of event.parsed.mentionedVolumes) {
    const byMention = paths.find((p) => p.persistentVolume?.name === name);
    if (byMention !== undefined) return byMention;
  }
  if (portal !== undefined) {
    const host = splitHostPort(portal).host;
    const byPortal = paths.find((p) => p.portal?.host === host);
    if (byPortal !== undefined) return byPortal;
  }
  const remote = paths.filter((p) => REMOTE.has(p.protocol));
  return remote.length === 1 ? remote[0] : undefined;
}

/** Paths that stopped before the storage (claim or PV unreadable) take the portal the kubelet reported for them. */
function completeUnresolvedPaths(model: Model, paths: readonly DataPath[], current: readonly EventView[]): void {
  const unresolved = paths.filter((p) => p.protocol === 'unknown' && p.portal === undefined);
  if (unresolved.length === 0) return;
  for (const event of current) {
    for (const fact of event.parsed.facts) {
      if (fact.type !== 'iscsi-connection' && fact.type !== 'nfs-connection') continue;
      const portal = fact.type === 'iscsi-connection' ? fact.portal : fact.server;
      if (portal === undefined) continue;
      const named = event.parsed.volume;
      const target = unresolved.find((p) => p.portal === undefined && (p.volume === named || p.persistentVolume?.name === named)) ?? (unresolved.length === 1 ? unresolved[0] : undefined);
      if (target === undefined || target.portal !== undefined) continue;
      const pvName = named !== undefined && named !== target.volume ? named : undefined;
      completeFromMessage(model, target, portal, fact.type === 'iscsi-connection' ? 'iscsi' : 'nfs', pvName);
    }
  }
}

export function buildPodContext(model: Model, pod: Pod): PodContext {
  const paths = resolveDataPaths(model, pod);
  let events = judgePodEvents(model, pod, paths);
  if (paths.some((p) => p.protocol === 'unknown')) {
    completeUnresolvedPaths(model, paths, events.filter((j) => j.stale === undefined).map((j) => j.event));
    // The completed paths name PVs, so events about those volumes can now be matched and judged.
    events = judgePodEvents(model, pod, paths);
  }
  const current = events.filter((j) => j.stale === undefined).map((j) => j.event);
  const stale = events.filter((j) => j.stale !== undefined);
  const node = podNode(pod);
  const nodeObject = model.node(node);
  const workload = model.workloadOf(pod);
  const ctx: PodContext = {
    model,
    pod,
    podRef: refOf(pod),
    paths,
    events,
    current,
    stale,
    currentFacts<T extends MessageFact['type']>(type: T) {
      const out: FactInEvent<Extract<MessageFact, { type: T }>>[] = [];
      for (const event of current) {
        for (const fact of event.parsed.facts) if (fact.type === type) out.push({ fact: fact as Extract<MessageFact, { type: T }>, event });
      }
      return out;
    },
    allFacts<T extends MessageFact['type']>(type: T) {
      const out: (FactInEvent<Extract<MessageFact, { type: T }>> & { stale?: { why: string } })[] = [];
      for (const judged of events) {
        for (const fact of judged.event.parsed.facts) {
          if (fact.type !== type) continue;
          const item: FactInEvent<Extract<MessageFact, { type: T }>> & { stale?: { why: string } } = { fact: fact as Extract<MessageFact, { type: T }>, event: judged.event };
          if (judged.stale !== undefined) item.stale = judged.stale;
          out.push(item);
        }
      }
      return out;
    },
    pathOf: (event, portal) => pathOfEvent(paths, event, portal),
  };
  if (node !== undefined) ctx.node = node;
  if (nodeObject !== undefined) ctx.nodeObject = nodeObject;
  if (workload !== undefined) ctx.workload = workload;
  return ctx;
}
