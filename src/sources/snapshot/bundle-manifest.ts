/** The manifest of a kubehow bundle: not a cluster object, only the time the bundle was collected. */
import { parseRfc3339 } from './now.ts';
import { snapshotError } from './snapshot-error.ts';
import type { TextPosition } from './text-position.ts';

/** apiVersion and kind of the manifest `kubehow collect` writes. */
export const BUNDLE_MANIFEST = { apiVersion: 'kubehow/v1alpha1', kind: 'BundleManifest' } as const;

/** A manifest found in the input, with where it was. */
export interface BundleManifestSighting {
  collectedAt: string;
  file: string;
  position: TextPosition;
}

/** True for an object that is a bundle manifest of any kubehow version (only v1alpha1 is then accepted). */
export function isBundleManifest(kind: string, apiVersion: string): boolean {
  return kind === BUNDLE_MANIFEST.kind && apiVersion.startsWith('kubehow/');
}

/** Validates a manifest (its version and collectedAt) and returns what it says. */
export function readBundleManifest(
  object: Record<string, unknown>,
  apiVersion: string,
  file: string,
  position: TextPosition,
): BundleManifestSighting {
  if (apiVersion !== BUNDLE_MANIFEST.apiVersion) {
    throw snapshotError(file, position, `BundleManifest: expected apiVersion "${BUNDLE_MANIFEST.apiVersion}", found ${JSON.stringify(apiVersion)}`);
  }
  const collectedAt = object.collectedAt;
  if (typeof collectedAt !== 'string' || parseRfc3339(collectedAt) === undefined) {
    const found = typeof collectedAt === 'string' ? JSON.stringify(collectedAt) : collectedAt === undefined ? 'nothing' : typeof collectedAt;
    throw snapshotError(file, position, `BundleManifest: expected "collectedAt" to be an RFC 3339 time such as 2026-03-30T09:32:00Z, found ${found}`);
  }
  return { collectedAt, file, position };
}

/** The one collectedAt of all manifests seen; two manifests that disagree are an InputError. */
export function agreedCollectedAt(sightings: readonly BundleManifestSighting[]): string | undefined {
  const [first, ...rest] = sightings;
  if (first === undefined) return undefined;
  const time = parseRfc3339(first.collectedAt);
  for (const other of rest) {
    if (parseRfc3339(other.collectedAt) !== time) {
      throw snapshotError(
        other.file,
        other.position,
        `BundleManifest: collectedAt ${other.collectedAt} contradicts ${first.collectedAt} in ${first.file}:${first.position.line}:${first.position.column}; a snapshot must come from one collection`,
      );
    }
  }
  return first.collectedAt;
}
