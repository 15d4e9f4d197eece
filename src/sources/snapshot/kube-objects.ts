/**
 * From parsed documents to validated KubeObjects: Lists flattened (items inherit kind and apiVersion
 * from a `*List`), metadata checked against ObjectMeta, secret values dropped, bundle manifests set apart.
 */
import type { InputError } from '../../errors.ts';
import type { KubeObject, ObjectMeta } from '../types.ts';
import { isBundleManifest, readBundleManifest, type BundleManifestSighting } from './bundle-manifest.ts';
import { dropSecretValues } from './drop-secret-values.ts';
import { describeType, snapshotError } from './snapshot-error.ts';
import { isRecord } from '../../kube/read.ts';
import type { SourceDocument } from './source-document.ts';
import type { TextPosition } from './text-position.ts';

/** What one document contributes: cluster objects in order, and any bundle manifests. */
export interface DocumentContents {
  objects: KubeObject[];
  manifests: BundleManifestSighting[];
}

interface Place {
  file: string;
  position: TextPosition;
  /** "item 2 of PodList: " for List items, "" at the top; a function so the text is built only for an error. */
  label: () => string;
  itemPositions: readonly TextPosition[];
  list: { kind: string; apiVersion: string } | undefined;
  /** The InputError for a fault at this place (reads position and label when called). */
  fail: Fail;
}

type Fail = (message: string) => InputError;

function placeOf(fields: Omit<Place, 'fail'>): Place {
  const place: Place = { ...fields, fail: (message) => snapshotError(place.file, place.position, place.label() + message) };
  return place;
}

/** Validates one document and flattens it into objects; any fault is an InputError naming file, position and expectation. */
export function readDocumentObjects(document: SourceDocument, file: string): DocumentContents {
  const contents: DocumentContents = { objects: [], manifests: [] };
  const { value, position, itemPositions } = document;
  if (!isRecord(value)) {
    throw snapshotError(file, position, `expected a Kubernetes object or List, found ${describeType(value)}`);
  }
  readValue(value, placeOf({ file, position, label: () => '', itemPositions, list: undefined }), contents);
  return contents;
}

function readValue(object: Record<string, unknown>, place: Place, contents: DocumentContents): void {
  const fail = place.fail;
  const kind = resolveKind(object.kind, place.list, fail);
  const apiVersion = resolveApiVersion(object.apiVersion, place.list, fail);

  if (kind.endsWith('List')) {
    const items = object.items;
    if (Array.isArray(items) || items === null) {
      readListItems(items ?? [], { kind, apiVersion }, place, contents);
      return;
    }
    const named = isRecord(object.metadata) && typeof object.metadata.name === 'string';
    // A named object whose kind merely ends in "List" (a custom resource) is not a List.
    if (kind === 'List' || !named) throw fail(`expected "items" to be an array, found ${describeType(items)}`);
  }

  dropSecretValues(object, kind);
  if (isBundleManifest(kind, apiVersion)) {
    contents.manifests.push(readBundleManifest(object, apiVersion, place.file, place.position));
    return;
  }
  const metadata = object.metadata;
  assertObjectMeta(metadata, fail);
  // In place rather than a spread copy: the parsed value is ours alone, and a copy of every object doubles
  // the allocation of a large snapshot. Missing keys are appended, exactly where a spread would put them.
  object.apiVersion = apiVersion;
  object.kind = kind;
  contents.objects.push(object as KubeObject);
}

function readListItems(
  items: readonly unknown[],
  list: { kind: string; apiVersion: string },
  place: Place,
  contents: DocumentContents,
): void {
  // One place for all items, moved along: errors are thrown at once, so it always describes the current item
  // (a nested List finishes before this index moves), and no object is allocated per item.
  let index = 0;
  const itemPlace = placeOf({
    file: place.file,
    position: place.position,
    label: () => `${place.label()}item ${index} of ${list.kind}: `,
    itemPositions: [],
    list,
  });
  for (; index < items.length; index++) {
    const item = items[index];
    itemPlace.position = place.itemPositions[index] ?? place.position;
    if (!isRecord(item)) {
      throw snapshotError(itemPlace.file, itemPlace.position, `${itemPlace.label()}expected a Kubernetes object, found ${describeType(item)}`);
    }
    readValue(item, itemPlace, contents);
  }
}

function resolveKind(own: unknown, list: Place['list'], fail: Fail): string {
  const itemKind = list === undefined || list.kind === 'List' ? undefined : list.kind.slice(0, -'List'.length);
  if (own === undefined || own === null) {
    if (itemKind !== undefined) return itemKind;
    if (list !== undefined) throw fail('expected "kind" to be a string: a List does not say what its items are');
    throw fail('expected "kind" to be a string, found nothing');
  }
  if (typeof own !== 'string' || own === '') throw fail(`expected "kind" to be a non-empty string, found ${describeType(own)}`);
  if (itemKind !== undefined && own !== itemKind) {
    throw fail(`expected kind ${JSON.stringify(itemKind)} in a ${list?.kind ?? ''}, found ${JSON.stringify(own)}`);
  }
  return own;
}

function resolveApiVersion(own: unknown, list: Place['list'], fail: Fail): string {
  if (own === undefined || own === null) {
    if (list !== undefined && list.kind !== 'List') return list.apiVersion;
    if (list !== undefined) throw fail('expected "apiVersion" to be a string: a List does not say its items\' apiVersion');
    throw fail('expected "apiVersion" to be a string, found nothing');
  }
  if (typeof own !== 'string' || own === '') throw fail(`expected "apiVersion" to be a non-empty string, found ${describeType(own)}`);
  return own;
}

type OptionalStringField = 'namespace' | 'uid' | 'resourceVersion' | 'creationTimestamp' | 'deletionTimestamp' | 'generateName';

/** Checks the fields ObjectMeta promises; null (as `kubectl create --dry-run` writes) counts as absent and is removed. */
function assertObjectMeta(metadata: unknown, fail: Fail): asserts metadata is ObjectMeta {
  if (metadata === undefined) throw fail('expected "metadata.name" to be a string, found nothing');
  if (!isRecord(metadata)) throw fail(`expected "metadata" to be an object, found ${describeType(metadata)}`);
  if (typeof metadata.name !== 'string') throw fail(`expected "metadata.name" to be a string, found ${describeType(metadata.name)}`);
  if (metadata.name === '') throw fail('expected "metadata.name" to be a non-empty string');
  // Each field read by name, in a fixed order: this runs for every object of a snapshot, and a named read is
  // cached per object shape where a computed one (a loop over field names) is looked up each time.
  assertOptionalString(metadata, 'namespace', metadata.namespace, fail);
  assertOptionalString(metadata, 'uid', metadata.uid, fail);
  assertOptionalString(metadata, 'resourceVersion', metadata.resourceVersion, fail);
  assertOptionalString(metadata, 'creationTimestamp', metadata.creationTimestamp, fail);
  assertOptionalString(metadata, 'deletionTimestamp', metadata.deletionTimestamp, fail);
  assertOptionalString(metadata, 'generateName', metadata.generateName, fail);
  assertStringMap(metadata, 'labels', metadata.labels, fail);
  assertStringMap(metadata, 'annotations', metadata.annotations, fail);
  const owners = metadata.ownerReferences;
  if (owners === null) delete metadata.ownerReferences;
  else if (owners !== undefined) {
    if (!Array.isArray(owners)) throw fail(`expected "metadata.ownerReferences" to be an array, found ${describeType(owners)}`);
    for (let index = 0; index < owners.length; index++) assertOwnerReference(owners[index], index, fail);
  }
}

/** One optional string field of metadata, already read: null is removed, anything but a string refused. */
function assertOptionalString(metadata: Record<string, unknown>, field: OptionalStringField, value: unknown, fail: Fail): void {
  if (value === null) Reflect.deleteProperty(metadata, field);
  else if (value !== undefined && typeof value !== 'string') {
    throw fail(`expected "metadata.${field}" to be a string, found ${describeType(value)}`);
  }
}

/** `labels` or `annotations`, already read: null is removed, anything but a string-to-string map refused. */
function assertStringMap(metadata: Record<string, unknown>, field: 'labels' | 'annotations', map: unknown, fail: Fail): void {
  if (map === null) Reflect.deleteProperty(metadata, field);
  else if (map !== undefined) {
    if (!isRecord(map)) throw fail(`expected "metadata.${field}" to be an object, found ${describeType(map)}`);
    // for…in, not Object.entries: no array per object on the hot path of large snapshots.
    for (const key in map) {
      const value = map[key];
      if (typeof value !== 'string') {
        throw fail(`expected "metadata.${field}" values to be strings, found ${describeType(value)} for ${JSON.stringify(key)}`);
      }
    }
  }
}

function assertOwnerReference(owner: unknown, index: number, fail: Fail): void {
  // The path is built only for an error message; fields are read by name, in the order they are checked.
  const path = (): string => `metadata.ownerReferences[${index}]`;
  if (!isRecord(owner)) throw fail(`expected "${path()}" to be an object, found ${describeType(owner)}`);
  if (typeof owner.kind !== 'string') throw fail(`expected "${path()}.kind" to be a string, found ${describeType(owner.kind)}`);
  if (typeof owner.name !== 'string') throw fail(`expected "${path()}.name" to be a string, found ${describeType(owner.name)}`);
  assertOptionalOwnerField(owner, 'apiVersion', owner.apiVersion, 'string', path, fail);
  assertOptionalOwnerField(owner, 'uid', owner.uid, 'string', path, fail);
  assertOptionalOwnerField(owner, 'controller', owner.controller, 'boolean', path, fail);
}

function assertOptionalOwnerField(owner: Record<string, unknown>, field: 'apiVersion' | 'uid' | 'controller', value: unknown, type: 'string' | 'boolean', path: () => string, fail: Fail): void {
  if (value === null) Reflect.deleteProperty(owner, field);
  else if (value !== undefined && typeof value !== type) {
    throw fail(`expected "${path()}.${field}" to be a ${type}, found ${describeType(value)}`);
  }
}
