/**
 * `kubehow collect`: a redacted snapshot bundle of a live cluster. Each list page is redacted and
 * written as one `<Kind>List` JSON file as it arrives, so memory stays flat however big the cluster;
 * `manifest.json` (a kubehow/v1alpha1 BundleManifest) says when, from where, and what could not be read.
 * Every command reads the directory (or its `.tar.gz`) back with `--snapshot`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeObject, SourceNote } from '../types.ts';
import { BUNDLE_MANIFEST } from '../snapshot/bundle-manifest.ts';
import { CLUSTER_RESOURCES, readCluster, type ListProgress } from './cluster-read.ts';
import { connect, type LiveOptions } from './read-live.ts';
import { redactObject } from './redact.ts';
import { apiVersionOf, type ResourceType } from './resources.ts';

/** Options of {@link collectBundle}. */
export interface CollectOptions extends LiveOptions {
  /** The directory to write (created; must be empty or absent, the CLI checks). */
  directory: string;
  namespaces?: readonly string[] | undefined;
  redactNames: boolean;
  kubehowVersion: string;
  pageSize?: number;
}

/** What was collected, per resource. */
export interface CollectedKind {
  kind: string;
  apiVersion: string;
  namespace?: string;
  objects: number;
  files: string[];
}

/** The manifest written as manifest.json. */
export interface BundleManifestDocument {
  apiVersion: typeof BUNDLE_MANIFEST.apiVersion;
  kind: typeof BUNDLE_MANIFEST.kind;
  collectedAt: string;
  context: string;
  server: string;
  serverVersion: string | null;
  kubehowVersion: string;
  namespaces: readonly string[] | 'all';
  redaction: { secrets: 'never read'; configMapData: 'dropped'; envValues: 'replaced'; lastAppliedConfiguration: 'dropped'; managedFields: 'dropped'; names: 'hashed' | 'kept' };
  /** Kinds the API refused (403) or kept failing on, and other notes of the read. */
  forbidden: SourceNote[];
  notes: SourceNote[];
  /** Kinds kubehow reads that this server does not serve (e.g. no JivaVolume CRD). */
  notServed: string[];
  requests: number;
  contents: CollectedKind[];
}

// Events are read last so that, with --redact-names, every name they may mention is already known.
const EVENT_RESOURCES = ['Event'];

function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** Collects the bundle; returns its manifest. */
export async function collectBundle(options: CollectOptions): Promise<BundleManifestDocument> {
  const connection = await connect(options);
  const { reader } = connection;
  await mkdir(options.directory, { recursive: true });

  const salt = randomBytes(16);
  const hashName = options.redactNames
    ? (name: string): string => `h-${createHash('sha256').update(salt).update(name).digest('hex').slice(0, 16)}`
    : undefined;
  const knownNames = new Set<string>();
  const contents = new Map<string, CollectedKind>();
  const pages = new Map<string, number>();

  const onPage = async (resource: ResourceType, namespace: string | undefined, objects: KubeObject[]): Promise<void> => {
    const key = `${resource.group}/${resource.plural}/${namespace ?? ''}`;
    const page = (pages.get(key) ?? 0) + 1;
    pages.set(key, page);
    const redacted: KubeObject[] = [];
    for (const object of objects) {
      if (hashName !== undefined && resource.kind !== 'Event') {
        knownNames.add(object.metadata.name);
        if (object.metadata.namespace !== undefined) knownNames.add(object.metadata.namespace);
      }
      const r = redactObject(object, { ...(hashName !== undefined ? { hashName, knownNames } : {}) });
      if (r !== undefined) redacted.push(r);
    }
    const file = join(
      fileSafe(resource.group === '' ? 'core' : resource.group),
      fileSafe(resource.plural),
      `${namespace !== undefined ? fileSafe(hashName !== undefined ? hashName(namespace) : namespace) : 'all'}.${String(page).padStart(4, '0')}.json`,
    );
    await mkdir(join(options.directory, file, '..'), { recursive: true });
    const list = { apiVersion: 'v1', kind: `${resource.kind}List`, metadata: {}, items: redacted };
    await writeFile(join(options.directory, file), `${JSON.stringify(list)}\n`);
    const entry = contents.get(key) ?? { kind: resource.kind, apiVersion: apiVersionOf(resource), ...(namespace !== undefined ? { namespace: hashName !== undefined ? hashName(namespace) : namespace } : {}), objects: 0, files: [] };
    entry.objects += redacted.length;
    entry.files.push(file);
    contents.set(key, entry);
  };

  const common = {
    namespaces: options.namespaces,
    onPage,
    ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
  };
  await readCluster(reader, { ...common, except: EVENT_RESOURCES });
  await readCluster(reader, { ...common, only: EVENT_RESOURCES });
  const collectedAt = new Date((options.clock ?? Date.now)()).toISOString();

  const notes = reader.store.notes;
  const manifest: BundleManifestDocument = {
    apiVersion: BUNDLE_MANIFEST.apiVersion,
    kind: BUNDLE_MANIFEST.kind,
    collectedAt,
    context: connection.context,
    server: connection.server,
    serverVersion: connection.serverVersion ?? null,
    kubehowVersion: options.kubehowVersion,
    namespaces: options.namespaces ?? 'all',
    redaction: { secrets: 'never read', configMapData: 'dropped', envValues: 'replaced', lastAppliedConfiguration: 'dropped', managedFields: 'dropped', names: hashName !== undefined ? 'hashed' : 'kept' },
    forbidden: notes.filter((n) => n.kind === 'forbidden'),
    notes: notes.filter((n) => n.kind !== 'forbidden'),
    notServed: CLUSTER_RESOURCES.filter((name) => reader.resource(name) === undefined),
    requests: connection.requests(),
    contents: [...contents.values()],
  };
  await writeFile(join(options.directory, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** One line of progress for stderr. */
export function describeProgress(progress: ListProgress): string {
  const label = progress.resource.group === '' ? progress.resource.plural : `${progress.resource.plural}.${progress.resource.group}`;
  return `collect: ${label}${progress.namespace !== undefined ? ` in ${progress.namespace}` : ''}: ${progress.count} object${progress.count === 1 ? '' : 's'}${progress.done ? '' : ' …'}`;
}
