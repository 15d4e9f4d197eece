/** The same diagnosis from every snapshot layout a user may hand over. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../src/sources/snapshot/read-snapshot.ts';
import { buildModel } from '../src/model/model.ts';
import { diagnose } from '../src/diagnose/diagnose.ts';
import type { Diagnosis } from '../src/diagnose/report.ts';
import type { Pod } from '../src/kube/types.ts';
import type { KubeObject } from '../src/sources/types.ts';
import { buildSonarrHairpinExample, OUTPUT_FILE, SONARR } from '../examples/generate.ts';
import { writeClusterInfoDump, writeClusterInfoDumpDirectory, writeGetJsonDirectory, writeListFile, writeMultiDocYaml } from './support/snapshot-formats.ts';

const dir = mkdtempSync(join(tmpdir(), 'kubehow-formats-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function diagnosisFrom(paths: string[]): Promise<Diagnosis> {
  const model = buildModel(await readSnapshot(paths));
  return diagnose(model, model.pod(SONARR.namespace, SONARR.pod) as Pod);
}

/** Everything but the notes, which legitimately differ (log blocks skipped, files read). */
function comparable(d: Diagnosis): Diagnosis {
  return { ...d, notes: [] };
}

describe('one cluster, every snapshot format, one diagnosis', async () => {
  const objects = buildSonarrHairpinExample();
  const reference = comparable(await diagnosisFrom([OUTPUT_FILE]));

  it('reference: the committed example puts hairpin-colocation first', () => {
    expect(reference.hypotheses[0]?.id).toBe('hairpin-colocation');
  });

  // Formats that one writer turns into one path.
  const single: [string, string, (objects: KubeObject[], path: string) => unknown][] = [
    ['(a) one List file', 'list.json', writeListFile],
    ['(b) a directory of kubectl get -o json files', 'get-json', writeGetJsonDirectory],
    ['(e) multi-document YAML', 'cluster.yaml', writeMultiDocYaml],
  ];
  for (const [name, target, write] of single) {
    it(name, async () => {
      const path = join(dir, target);
      write(objects, path);
      expect(comparable(await diagnosisFrom([path]))).toEqual(reference);
    });
  }

  it('(c) kubectl cluster-info dump stdout plus a List of the kinds it omits', async () => {
    const dump = join(dir, 'dump.txt');
    const omitted = writeClusterInfoDump(objects, dump);
    expect(omitted.map((o) => o.kind)).toEqual(expect.arrayContaining(['PersistentVolume', 'PersistentVolumeClaim', 'StorageClass', 'Endpoints']));
    const extra = join(dir, 'omitted.json');
    writeListFile(omitted, extra);
    const state = await readSnapshot([dump, extra]);
    expect(state.notes.some((n) => n.kind === 'skipped' && /log block/.test(n.message))).toBe(true);
    expect(comparable(await diagnosisFrom([dump, extra]))).toEqual(reference);
  });

  it('(d) the cluster-info dump --output-directory layout plus the omitted kinds', async () => {
    const out = join(dir, 'dump-dir');
    const omitted = writeClusterInfoDumpDirectory(objects, out);
    writeListFile(omitted, join(out, 'omitted.json'));
    expect(comparable(await diagnosisFrom([out]))).toEqual(reference);
  });


  it('a dump without the omitted kinds follows the portal named in the kubelet message, and says so', async () => {
    const dump = join(dir, 'dump-only.txt');
    writeClusterInfoDump(objects, dump);
    const model = buildModel(await readSnapshot(dump));
    const d = diagnose(model, model.pod(SONARR.namespace, SONARR.pod) as Pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'hairpin-colocation', verdict: 'likely' });
    expect(d.dataPaths[0]?.trace[0]).toMatch(/taken from the kubelet's event message/);
    expect(d.staleEvents.some((s) => s.event.message.includes("'fsck'"))).toBe(true);
    expect(d.notes.some((n) => n.message.includes(`PersistentVolumeClaim media/${SONARR.claim} is not in the snapshot`))).toBe(true);
  });
});
