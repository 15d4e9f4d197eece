import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.ts';
import { REDACTED_VALUE, redactObject } from './redact.ts';

const hash = (name: string): string => `h-${name.length}-${name.split('').reverse().join('')}`;

function pod(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'app-1',
      namespace: 'media',
      uid: 'u1',
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"token":"s3cret"}', keep: 'me' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'app-rs', uid: 'u2', controller: true }],
      labels: { 'openebs.io/persistent-volume': 'pvc-1', app: 'app' },
      managedFields: [{ manager: 'kubectl' }],
    } as KubeObject['metadata'],
    spec: {
      nodeName: 'node1',
      containers: [
        {
          name: 'main',
          env: [
            { name: 'PASSWORD', value: 's3cret' },
            { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
          ],
          envFrom: [{ configMapRef: { name: 'settings' } }],
        },
      ],
      volumes: [
        { name: 'data', persistentVolumeClaim: { claimName: 'data-claim' } },
        { name: 'cfg', configMap: { name: 'settings' } },
        { name: 'tls', secret: { secretName: 'tls-cert' } },
      ],
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchExpressions: [{ key: 'openebs.io/persistent-volume', operator: 'In', values: ['pvc-1'] }] }, namespaces: ['openebs'], topologyKey: 'kubernetes.io/hostname' }] } },
    },
  };
}

describe('redactObject', () => {
  it('replaces env values, keeps names and valueFrom references, drops last-applied and managedFields', () => {
    const out = redactObject(pod()) as KubeObject & { spec: { containers: { env: unknown[] }[] } };
    expect(out.spec.containers[0]?.env).toEqual([
      { name: 'PASSWORD', value: REDACTED_VALUE },
      { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
    ]);
    expect(out.metadata.annotations).toEqual({ keep: 'me' });
    expect(JSON.stringify(out)).not.toContain('s3cret');
    expect('managedFields' in out.metadata).toBe(false);
  });

  it('drops ConfigMap values but keeps their keys, and never returns a Secret', () => {
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'a.conf': 'x=1' }, binaryData: { blob: 'AAA=' } };
    expect(redactObject(cm)).toMatchObject({ data: { 'a.conf': '' }, binaryData: { blob: '' } });
    expect(redactObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'dg==' } })).toBeUndefined();
  });

  it('leaves the input untouched', () => {
    const input = pod();
    const before = JSON.stringify(input);
    redactObject(input, { hashName: hash });
    expect(JSON.stringify(input)).toBe(before);
  });

  it('with a name hasher, hashes names and namespaces wherever references follow them, consistently', () => {
    const out = redactObject(pod(), { hashName: hash }) as KubeObject & { spec: Record<string, unknown> };
    const text = JSON.stringify(out);
    for (const name of ['"app-1"', '"media"', '"app-rs"', '"node1"', '"data-claim"', '"settings"', '"tls-cert"', '"creds"', '"pvc-1"', '"openebs"']) expect(text, name).not.toContain(name);
    expect(out.metadata).toMatchObject({ name: hash('app-1'), namespace: hash('media'), labels: { 'openebs.io/persistent-volume': hash('pvc-1'), app: 'app' } });
    expect(out.metadata.ownerReferences?.[0]?.name).toBe(hash('app-rs'));
    expect(text).toContain(`"claimName":"${hash('data-claim')}"`);
    expect(text).toContain(`"values":["${hash('pvc-1')}"]`);
    // Container, volume and env names are not object names: kept.
    expect(text).toContain('"name":"main"');
    expect(text).toContain('"name":"data"');
    expect(text).toContain('"name":"PASSWORD"');
  });

  it('replaces known names and the involved object in event messages', () => {
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'app-1.17a', namespace: 'media' },
      involvedObject: { kind: 'Pod', name: 'app-1', namespace: 'media', uid: 'u1' },
      message: 'MountVolume.SetUp failed for volume "pvc-1" : Successfully assigned media/app-1 to node1; app-10 untouched',
    };
    const out = redactObject(event, { hashName: hash, knownNames: new Set(['pvc-1', 'media', 'node1']) });
    expect(out?.message).toBe(`MountVolume.SetUp failed for volume "${hash('pvc-1')}" : Successfully assigned ${hash('media')}/${hash('app-1')} to ${hash('node1')}; app-10 untouched`);
  });
});
