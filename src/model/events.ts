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
  /** Every event, oldest `last` first (input order among equals). */
  all: readonly EventView[];
  /** The `Warning` events, in the order of `all`: what failure-hunting scans need, without normalising the rest. */
  warnings: readonly EventView[];
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

/**
 * One normalised event. A class, so that what most events never need (their own reference, the parsed
 * message) is computed on first use from prototype getters, without a closure or object per event: a large
 * cluster has hundreds of thousands of Scheduled / Pulled / Started events that no check asks about.
 */
class NormalisedEvent implements EventView {
  readonly raw: Event;
  readonly involved: ObjectRef;
  readonly reason: string;
  readonly message: string;
  readonly type: string;
  readonly count: number;
  first?: number;
  last?: number;
  component?: string;
  host?: string;
  private parsedMessage: ParsedMessage | undefined;

  constructor(e: Event, nodeNames: ReadonlySet<string>) {
    this.raw = e;
    const involvedRaw = e.involvedObject ?? e.regarding ?? {};
    const involved: ObjectRef = { kind: text(involvedRaw.kind) ?? 'Unknown', name: text(involvedRaw.name) ?? '' };
    const ns = text(involvedRaw.namespace);
    if (ns !== undefined) involved.namespace = ns;
    const uid = text(involvedRaw.uid);
    if (uid !== undefined) involved.uid = uid;
    this.involved = involved;
    this.reason = text(e.reason) ?? '';
    this.message = text(e.message) ?? text(e.note) ?? '';
    this.type = text(e.type) ?? 'Normal';
    this.count = typeof e.series?.count === 'number' ? e.series.count : typeof e.count === 'number' ? e.count : typeof e.deprecatedCount === 'number' ? e.deprecatedCount : 1;
    const eventTime = timeOf(e.eventTime);
    const first = timeOf(e.firstTimestamp) ?? timeOf(e.deprecatedFirstTimestamp) ?? eventTime;
    if (first !== undefined) this.first = first;
    const last = latest(timeOf(e.lastTimestamp), timeOf(e.deprecatedLastTimestamp), timeOf(e.series?.lastObservedTime), eventTime, first);
    if (last !== undefined) this.last = last;
    const component = text(e.source?.component) ?? text(e.reportingComponent) ?? text(e.reportingController) ?? text(e.deprecatedSource?.component);
    if (component !== undefined) this.component = component;
    const host = reportingNode(e, component, nodeNames);
    if (host !== undefined) this.host = host;
  }

  /** This event object's own reference. */
  get self(): ObjectRef {
    const self: ObjectRef = { kind: 'Event', name: this.raw.metadata.name };
    if (this.raw.metadata.namespace !== undefined) self.namespace = this.raw.metadata.namespace;
    if (this.raw.metadata.uid !== undefined) self.uid = this.raw.metadata.uid;
    return self;
  }

  get parsed(): ParsedMessage {
    this.parsedMessage ??= parseVolumeMessage(this.message, text(this.raw.reason));
    return this.parsedMessage;
  }
}

/** Normalises one event object; `nodeNames` lets it recognise the reporting node. */
export function viewEvent(e: Event, nodeNames: ReadonlySet<string> = new Set()): EventView {
  return new NormalisedEvent(e, nodeNames);
}

/** The involved object's raw reference fields, read exactly as NormalisedEvent reads them. */
function involvedRawOf(e: Event): NonNullable<Event['involvedObject']> {
  return e.involvedObject ?? e.regarding ?? {};
}

/**
 * Indexes events so that per-object lookups never scan all events. Everything is built on first use, and
 * an event is normalised only when a lookup returns it: a cluster audit asks about a few thousand nodes and
 * pods and scans only Warning events, so most of half a million events are never normalised (nor their
 * times parsed). Each lookup's events come in the order of `all` (by `last`, then input order), exactly
 * as a filter of the fully sorted list would give them.
 */
export function indexEvents(events: readonly Event[], nodeNames: ReadonlySet<string> = new Set()): EventIndex {
  const views = new Array<EventView | undefined>(events.length).fill(undefined);
  const view = (i: number): EventView => {
    let v = views[i];
    if (v === undefined) {
      v = viewEvent(events[i] as Event, nodeNames);
      views[i] = v;
    }
    return v;
  };
  /** The events at these input positions, in the order of `all` (a stable sort by `last`). */
  const ordered = (positions: readonly number[]): EventView[] => {
    const keyed = positions.map((i) => ({ i, v: view(i) }));
    keyed.sort((a, b) => (a.v.last ?? 0) - (b.v.last ?? 0) || a.i - b.i);
    return keyed.map((k) => k.v);
  };
  /** A lazily built multimap from a raw key to input positions, answering with ordered views (cached per key). */
  const lazyIndex = (keyOfEvent: (e: Event) => string | undefined): ((key: string) => readonly EventView[]) => {
    let positions: Map<string, number[]> | undefined;
    const answers = new Map<string, readonly EventView[]>();
    return (key) => {
      const cached = answers.get(key);
      if (cached !== undefined) return cached;
      if (positions === undefined) {
        positions = new Map();
        for (let i = 0; i < events.length; i++) {
          const k = keyOfEvent(events[i] as Event);
          if (k !== undefined) pushTo(positions, k, i);
        }
      }
      const found = positions.get(key);
      const answer = found === undefined ? [] : ordered(found);
      answers.set(key, answer);
      return answer;
    };
  };
  let all: readonly EventView[] | undefined;
  const allEvents = (): readonly EventView[] => (all ??= ordered(events.map((_, i) => i)));
  let warnings: readonly EventView[] | undefined;
  const byUid = lazyIndex((e) => text(involvedRawOf(e).uid));
  // By involved name, one index per involved kind, each built on the first lookup of that kind (one pass):
  // an audit asks only about Nodes, so half a million pod events never get a name key.
  const byNameOfKind = new Map<string, (key: string) => readonly EventView[]>();
  const nameIndex = (kind: string): ((key: string) => readonly EventView[]) => {
    let index = byNameOfKind.get(kind);
    if (index === undefined) {
      index = lazyIndex((e) => {
        const inv = involvedRawOf(e);
        return (text(inv.kind) ?? 'Unknown') === kind ? keyOf(kind, text(inv.namespace), text(inv.name) ?? '') : undefined;
      });
      byNameOfKind.set(kind, index);
    }
    return index;
  };
  // Built on first use (diagnosis asks; a cluster audit does not), so messages are parsed only when needed.
  let byVolume: Map<string, EventView[]> | undefined;
  const volumeIndex = (): Map<string, EventView[]> => {
    if (byVolume === undefined) {
      byVolume = new Map();
      for (const e of allEvents()) for (const v of e.parsed.mentionedVolumes) pushTo(byVolume, v, e);
    }
    return byVolume;
  };
  return {
    get all() {
      return allEvents();
    },
    get warnings() {
      // `type` normalises to 'Warning' exactly when the raw field is that string.
      warnings ??= ordered(events.flatMap((e, i) => (e.type === 'Warning' ? [i] : [])));
      return warnings;
    },
    byInvolvedUid: byUid,
    byInvolvedName: (kind, namespace, name) => nameIndex(kind)(keyOf(kind, namespace, name)),
    mentioningVolume: (name) => volumeIndex().get(name) ?? [],
  };
}
