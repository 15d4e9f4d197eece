/** `audit --manifests DIR`: every .yaml/.yml/.json below DIR, parsed into workloads with file positions. */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { listSnapshotFiles } from '../snapshot/snapshot-files.ts';
import { decodeText } from '../snapshot/decode-text.ts';
import { parseManifestText, type ManifestWorkload } from './parse-manifests.ts';

/** Workloads of a repository; `file` is relative to `root` with `/` separators (as SARIF wants). */
export async function readManifests(root: string): Promise<ManifestWorkload[]> {
  const { files } = await listSnapshotFiles(root);
  const out: ManifestWorkload[] = [];
  for (const f of files) {
    const shown = relative(root, f.fsPath).split('\\').join('/') || f.path;
    const text = decodeText(await readFile(f.fsPath), shown);
    out.push(...parseManifestText(text, shown));
  }
  return out;
}
