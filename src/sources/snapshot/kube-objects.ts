/**
 * From parsed documents to validated KubeObjects: Lists flattened (items inherit kind and apiVersion
 * from a `*List`), metadata checked against ObjectMeta, secret values dropped, bundle manifests set apart.
 */
import type { InputError } from '../../errors.ts';
import type { KubeObject, ObjectMeta } from '../types.ts';
import { isBundleManifest, readBundleManifest, type BundleManifestSighting } from './bundle-manifest.ts';
import { dropSecretValues } from './drop-secret-values.ts';
import { describeType, isRecord, snapshotError } from './snapshot-error.ts';
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

const OPTIONAL_STRINGS = ['namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'generateName'];

/** Checks the fields ObjectMeta promises; null (as `kubectl create --dry-run` writes) counts as absent and is removed. */
function assertObjectMeta(metadata: unknown, fail: Fail): asserts metadata is ObjectMeta {
  if (metadata === undefined) throw fail('expected "metadata.name" to be a string, found nothing');
  if (!isRecord(metadata)) throw fail(`expected "metadata" to be an object, found ${describeType(metadata)}`);
  if (typeof metadata.name !== 'string') throw fail(`expected "metadata.name" to be a string, found ${describeType(metadata.name)}`);
  if (metadata.name === '') throw fail('expected "metadata.name" to be a non-empty string');
  for (const field of OPTIONAL_STRINGS) {
    const value = metadata[field];
    if (value === null) Reflect.deleteProperty(metadata, field);
    else if (value !== undefined && typeof value !== 'string') {
      throw fail(`expected "metadata.${field}" to be a string, found ${describeType(value)}`);
    }
  }
  for (const field of ['labels', 'annotations']) {
    const map = metadata[field];
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
  const owners = metadata.ownerReferences;
  if (owners === null) delete metadata.ownerReferences;
  else if (owners !== undefined) {
    if (!Array.isArray(owners)) throw fail(`expected "metadata.ownerReferences" to be an array, found ${describeType(owners)}`);
    for (const [index, owner] of owners.entries()) assertOwnerReference(owner, `metadata.ownerReferences[${index}]`, fail);
  }
}

function assertOwnerReference(owner: unknown, path: string, fail: Fail): void {
  if (!isRecord(owner)) throw fail(`expected "${path}" to be an object, found ${describeType(owner)}`);
  for (const field of ['kind', 'name']) {
    if (typeof owner[field] !== 'string') throw fail(`expected "${path}.${field}" to be a string, found ${describeType(owner[field])}`);
  }
  for (const [field, type] of [['apiVersion', 'string'], ['uid', 'string'], ['controller', 'boolean']] as const) {
    const value = owner[field];
    if (value === null) Reflect.deleteProperty(owner, field);
    else if (value !== undefined && typeof value !== type) {
      throw fail(`expected "${path}.${field}" to be a ${type}, found ${describeType(value)}`);
    }
  }
}
