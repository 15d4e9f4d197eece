import { describe, expect, it } from 'vitest';
import { parseManifestText } from './parse-manifests.ts';

const TEXT = `# a comment
apiVersion: v1
kind: Service
metadata: {name: web}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: c
          image: x
---
apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: db, namespace: data}
    spec:
      template:
        spec:
          containers: [{name: c, image: y}]
`;

describe('parseManifestText', () => {
  it('finds workloads, inside Lists too, at the line of their pod spec', () => {
    const ws = parseManifestText(TEXT, 'apps/web.yaml');
    expect(ws.map((w) => [w.kind, w.name, w.namespace, w.line])).toEqual([
      ['Deployment', 'web', undefined, 15],
      ['StatefulSet', 'db', 'data', 28],
    ]);
    expect(TEXT.split('\n')[14]).toContain('containers:');
  });

  it('names file, line and column of a YAML syntax error', () => {
    expect(() => parseManifestText('kind: Deployment\nmetadata: {name: [\n', 'bad.yaml')).toThrow(/^bad\.yaml:\d+:\d+: /);
  });
});
