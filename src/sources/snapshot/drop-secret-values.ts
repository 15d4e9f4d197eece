/** Secret and ConfigMap values never enter kubehow's memory beyond parsing: keys are kept, values become "". */
import { isRecord } from '../../kube/read.ts';

const VALUE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Secret: ['data', 'stringData'],
  ConfigMap: ['data', 'binaryData'],
};

// `kubectl apply` copies the whole object, values included, into this annotation.
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Blanks the values of a Secret's data/stringData or a ConfigMap's data/binaryData in place; other kinds are untouched. */
export function dropSecretValues(object: Record<string, unknown>, kind: string): void {
  const fields = VALUE_FIELDS[kind];
  if (fields === undefined) return;
  for (const field of fields) {
    const values = object[field];
    if (values === undefined || values === null) continue;
    object[field] = isRecord(values) ? Object.fromEntries(Object.keys(values).map((key) => [key, ''])) : {};
  }
  const metadata = object.metadata;
  if (isRecord(metadata) && isRecord(metadata.annotations) && LAST_APPLIED in metadata.annotations) {
    metadata.annotations[LAST_APPLIED] = '';
  }
}
