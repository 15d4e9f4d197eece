/**
 * Events, normalised across the core/v1 and events.k8s.io shapes and indexed by involved object uid,
 * by involved object name and by the volume / PV names their messages mention.
 */
import type { Event } from '../kube/types.ts';
import { text, timeOf } from '../kube/read.ts';
import { parseVolumeMessage, type ParsedMessage } from '../messages/volume-message.ts';
import { keyOf, type ObjectRef } from './refs.ts';
import { pushTo } from './multimap.ts';

export interface EventView {
  raw: Event;
  /** This event object's own reference. */
  self: ObjectRef;
  involved: ObjectRef;
  reason: string;
  message: string;
  /** `Normal` or `Warning` (any string the reporter used). */
  type: string;
  count: number;
  /** First occurrence, epoch ms. */
  first?: number;
  /** Last occurrence: the latest of lastTimestamp, series.lastObservedTime and eventTime (reference §5.1). */
  last?: number;
  /** The component that reported it (`kubelet`, `attachdetach-controller`). */
  component?: string;
  /** The node that reported it, for node-local reporters such as the kubelet. */
  host?: string;
  parsed: ParsedMessage;
}

export interface EventIndex {
  all: readonly EventView[];
  byInvolvedUid(uid: string): readonly EventView[];
  byInvolvedName(kind: string, namespace: string | undefined, name: string): readonly EventView[];
  mentioningVolume(name: string): readonly EventView[];
}

function latest(...times: (number | undefined)[]): number | undefined {
  let best: number | undefined;
  for (const t of times) if (t !== undefined && (best === undefined || t > best)) best = t;
  return best;
}

/**
 * The node that reported an event. `source.host` is authoritative; `reportingInstance` is used only when it
 * names a known node (formats differ by component and version, e.g. `k8s03` or `kubelet-k8s03`).
 */
function reportingNode(e: Event, component: string | undefined, nodeNames: ReadonlySet<string>): string | undefined {
  const host = text(e.source?.host) ?? text(e.deprecatedSource?.host);
  if (host !== undefined) return host;
  const instance = text(e.reportingInstance);
  if (instance === undefined || component !== 'kubelet') return undefined;
  if (nodeNames.has(instance)) return instance;
  const stripped = instance.replace(/^kubelet-/, '');
  return nodeNames.has(stripped) ? stripped : undefined;
}

/** Normalises one event object; `nodeNames` lets it recognise the reporting node. */
export function viewEvent(e: Event, nodeNames: ReadonlySet<string> = new Set()): EventView {
  const involvedRaw = e.involvedObject ?? e.regarding ?? {};
  const involved: ObjectRef = { kind: text(involvedRaw.kind) ?? 'Unknown', name: text(involvedRaw.name) ?? '' };
  const ns = text(involvedRaw.namespace);
  if (ns !== undefined) involved.namespace = ns;
  const uid = text(involvedRaw.uid);
  if (uid !== undefined) involved.uid = uid;
  const message = text(e.message) ?? text(e.note) ?? '';
  const self: ObjectRef = { kind: 'Event', name: e.metadata.name };
  if (e.metadata.namespace !== undefined) self.namespace = e.metadata.namespace;
  if (e.metadata.uid !== undefined) self.uid = e.metadata.uid;
  const view: EventView = {
    raw: e,
    self,
    involved,
    reason: text(e.reason) ?? '',
    message,
    type: text(e.type) ?? 'Normal',
    count: typeof e.series?.count === 'number' ? e.series.count : typeof e.count === 'number' ? e.count : typeof e.deprecatedCount === 'number' ? e.deprecatedCount : 1,
    parsed: parseVolumeMessage(message, text(e.reason)),
  };
  const first = timeOf(e.firstTimestamp) ?? timeOf(e.deprecatedFirstTimestamp) ?? timeOf(e.eventTime);
  if (first !== undefined) view.first = first;
  const last = latest(timeOf(e.lastTimestamp), timeOf(e.deprecatedLastTimestamp), timeOf(e.series?.lastObservedTime), timeOf(e.eventTime), first);
  if (last !== undefined) view.last = last;
  const component = text(e.source?.component) ?? text(e.reportingComponent) ?? text(e.reportingController) ?? text(e.deprecatedSource?.component);
  if (component !== undefined) view.component = component;
  const host = reportingNode(e, component, nodeNames);
  if (host !== undefined) view.host = host;
  return view;
}

/** Indexes events once so that per-pod lookups never scan all events. */
export function indexEvents(events: readonly Event[], nodeNames: ReadonlySet<string> = new Set()): EventIndex {
  const all = events.map((e) => viewEvent(e, nodeNames)).sort((a, b) => (a.last ?? 0) - (b.last ?? 0));
  const byUid = new Map<string, EventView[]>();
  const byName = new Map<string, EventView[]>();
  const byVolume = new Map<string, EventView[]>();
  for (const e of all) {
    if (e.involved.uid !== undefined) pushTo(byUid, e.involved.uid, e);
    pushTo(byName, keyOf(e.involved.kind, e.involved.namespace, e.involved.name), e);
    for (const v of e.parsed.mentionedVolumes) pushTo(byVolume, v, e);
  }
  return {
    all,
    byInvolvedUid: (uid) => byUid.get(uid) ?? [],
    byInvolvedName: (kind, namespace, name) => byName.get(keyOf(kind, namespace, name)) ?? [],
    mentioningVolume: (name) => byVolume.get(name) ?? [],
  };
}
