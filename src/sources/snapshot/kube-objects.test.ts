import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../test/support/errors.ts';
import { readDocumentObjects } from './kube-objects.ts';
import type { SourceDocument } from './source-document.ts';

function document(value: unknown, itemLines: number[] = []): SourceDocument {
  return { value, position: { line: 3, column: 1 }, itemPositions: itemLines.map((line) => ({ line, column: 5 })) };
}


describe('readDocumentObjects', () => {
  it('lets PodList items without kind or apiVersion inherit Pod and the List apiVersion', () => {
    const list = { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '5' }, items: [{ metadata: { name: 'a', namespace: 'ns' } }] };
    expect(readDocumentObjects(document(list), 'f').objects).toEqual([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'ns' } }]);
  });

  it('takes deployments from an apps/v1 DeploymentList', () => {
    const list = { kind: 'DeploymentList', apiVersion: 'apps/v1', items: [{ metadata: { name: 'd' } }, { kind: 'Deployment', metadata: { name: 'e' } }] };
    expect(readDocumentObjects(document(list), 'f').objects.map((o) => [o.apiVersion, o.kind, o.metadata.name])).toEqual([
      ['apps/v1', 'Deployment', 'd'],
      ['apps/v1', 'Deployment', 'e'],
    ]);
  });

  it('flattens a kind: List of mixed kinds, including a nested *List', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      metadata: { resourceVersion: '' },
      items: [
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } },
        { apiVersion: 'v1', kind: 'PodList', items: [{ metadata: { name: 'p' } }] },
        { apiVersion: 'openebs.io/v1alpha1', kind: 'JivaVolume', metadata: { name: 'pvc-1' } },
      ],
    };
    expect(readDocumentObjects(document(list), 'f').objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Service/s', 'Pod/p', 'JivaVolume/pvc-1']);
  });

  it('reads an empty or null items array as no objects', () => {
    expect(readDocumentObjects(document({ kind: 'EventList', apiVersion: 'v1', items: null }), 'f').objects).toEqual([]);
    expect(readDocumentObjects(document({ kind: 'List', apiVersion: 'v1', items: [] }), 'f').objects).toEqual([]);
  });

  it('treats a named object whose kind ends in List as an object', () => {
    const allowList = { apiVersion: 'example.com/v1', kind: 'AllowList', metadata: { name: 'a' }, spec: {} };
    expect(readDocumentObjects(document(allowList), 'f').objects).toEqual([allowList]);
  });

  it('removes null metadata fields so they match ObjectMeta', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', creationTimestamp: null, labels: null, ownerReferences: [{ kind: 'ReplicaSet', name: 'r', uid: null }] } };
    expect(readDocumentObjects(document(pod), 'f').objects[0]?.metadata).toEqual({ name: 'a', ownerReferences: [{ kind: 'ReplicaSet', name: 'r' }] });
  });

  it('drops Secret and ConfigMap values, keeping keys, including the last-applied copy', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"aHVudGVyMg=="}}', team: 'x' } },
      data: { password: 'aHVudGVyMg==' },
      stringData: { token: 'hunter2' },
      type: 'Opaque',
    };
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'app.conf': 'secret-ish' }, binaryData: { blob: 'AAEC' } };
    const { objects } = readDocumentObjects(document({ apiVersion: 'v1', kind: 'List', items: [secret, configMap] }), 'f');
    expect(objects).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '', team: 'x' } },
        data: { password: '' },
        stringData: { token: '' },
        type: 'Opaque',
      },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'app.conf': '' }, binaryData: { blob: '' } },
    ]);
  });

  it('sets bundle manifests apart', () => {
    const manifest = { apiVersion: 'kubehow/v1alpha1', kind: 'BundleManifest', metadata: { name: 'bundle' }, collectedAt: '2026-03-30T09:32:00Z' };
    const contents = readDocumentObjects(document(manifest), 'b/manifest.json');
    expect(contents).toEqual({ objects: [], manifests: [{ collectedAt: '2026-03-30T09:32:00Z', file: 'b/manifest.json', position: { line: 3, column: 1 } }] });
  });

  it.each<[string, unknown, string]>([
    ['a top-level array', [{ kind: 'Pod' }], 'f:3:1: expected a Kubernetes object or List, found an array'],
    ['a top-level string', 'hello', 'f:3:1: expected a Kubernetes object or List, found a string ("hello")'],
    ['an object without kind', { apiVersion: 'v1', metadata: { name: 'a' } }, 'f:3:1: expected "kind" to be a string, found nothing'],
    ['an object without apiVersion', { kind: 'Pod', metadata: { name: 'a' } }, 'f:3:1: expected "apiVersion" to be a string, found nothing'],
    ['a numeric kind', { kind: 7, apiVersion: 'v1', metadata: { name: 'a' } }, 'f:3:1: expected "kind" to be a non-empty string, found a number (7)'],
    ['an object without metadata', { kind: 'Pod', apiVersion: 'v1' }, 'f:3:1: expected "metadata.name" to be a string, found nothing'],
    ['a numeric name', { kind: 'Pod', apiVersion: 'v1', metadata: { name: 5 } }, 'f:3:1: expected "metadata.name" to be a string, found a number (5)'],
    ['a non-string label', { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'a', labels: { tier: 1 } } }, 'f:3:1: expected "metadata.labels" values to be strings, found a number (1) for "tier"'],
    ['an owner without name', { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'a', ownerReferences: [{ kind: 'ReplicaSet' }] } }, 'f:3:1: expected "metadata.ownerReferences[0].name" to be a string, found nothing'],
    ['a List without items', { kind: 'List', apiVersion: 'v1' }, 'f:3:1: expected "items" to be an array, found nothing'],
    ['a manifest of another version', { kind: 'BundleManifest', apiVersion: 'kubehow/v9', collectedAt: '2026-03-30T09:32:00Z' }, 'f:3:1: BundleManifest: expected apiVersion "kubehow/v1alpha1", found "kubehow/v9"'],
    ['a manifest with a bad collectedAt', { kind: 'BundleManifest', apiVersion: 'kubehow/v1alpha1', collectedAt: 'Monday' }, 'f:3:1: BundleManifest: expected "collectedAt" to be an RFC 3339 time such as 2026-03-30T09:32:00Z, found "Monday"'],
  ])('refuses %s', (_name, value, message) => {
    const error = errorOf(() => readDocumentObjects(document(value), 'f'));
    expect(error.message).toBe(message);
    expect(error.file).toBe('f');
  });

  it.each<[string, unknown, string]>([
    ['an item of another kind', { kind: 'Service', metadata: { name: 's' } }, 'pods.json:14:5: item 2 of PodList: expected kind "Pod" in a PodList, found "Service"'],
    ['an item without name', { metadata: { namespace: 'x' } }, 'pods.json:14:5: item 2 of PodList: expected "metadata.name" to be a string, found nothing'],
    ['an item that is not an object', 42, 'pods.json:14:5: item 2 of PodList: expected a Kubernetes object, found a number (42)'],
  ])('names the item index and position for %s', (_name, badItem, message) => {
    const list = { kind: 'PodList', apiVersion: 'v1', items: [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }, badItem] };
    expect(errorOf(() => readDocumentObjects(document(list, [6, 10, 14]), 'pods.json')).message).toBe(message);
  });

  it('refuses a kind: List item without kind or apiVersion, since a List cannot say', () => {
    const noKind = { kind: 'List', apiVersion: 'v1', items: [{ apiVersion: 'v1', metadata: { name: 'a' } }] };
    expect(errorOf(() => readDocumentObjects(document(noKind, [5]), 'l.json')).message).toBe(
      'l.json:5:5: item 0 of List: expected "kind" to be a string: a List does not say what its items are',
    );
    const noApiVersion = { kind: 'List', apiVersion: 'v1', items: [{ kind: 'Deployment', metadata: { name: 'a' } }] };
    expect(errorOf(() => readDocumentObjects(document(noApiVersion, [5]), 'l.json')).message).toBe(
      'l.json:5:5: item 0 of List: expected "apiVersion" to be a string: a List does not say its items\' apiVersion',
    );
  });

  it('labels errors of nested List items with the whole path', () => {
    const list = { kind: 'List', apiVersion: 'v1', items: [{ kind: 'PodList', apiVersion: 'v1', items: [{ kind: 'Pod', metadata: {} }] }] };
    expect(errorOf(() => readDocumentObjects(document(list, [4]), 'l.json')).message).toBe(
      'l.json:4:5: item 0 of List: item 0 of PodList: expected "metadata.name" to be a string, found nothing',
    );
  });

  it('keeps error messages on one line even when the input holds line breaks', () => {
    const list = { kind: 'Pod\nList', apiVersion: 'v1', items: [{ kind: 'Service', metadata: { name: 'a' } }] };
    expect(errorOf(() => readDocumentObjects(document(list), 'f')).message).not.toMatch(/[\r\n]/);
  });
});
