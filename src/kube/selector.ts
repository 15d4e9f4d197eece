/** Label selector matching, as the API server does it. */
import type { LabelSelector } from './types.ts';
import { list, stringMap } from './read.ts';

/** True when `labels` carry every key/value of a Service-style selector map. An empty selector selects nothing, like a Service's. */
export function matchesSelectorMap(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/** True when `labels` satisfy a metav1.LabelSelector. An empty selector selects everything, like a Deployment's or an affinity term's. */
export function matchesLabelSelector(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (selector === undefined) return false;
  for (const [k, v] of Object.entries(stringMap(selector.matchLabels))) if (labels[k] !== v) return false;
  for (const req of list(selector.matchExpressions)) {
    const key = req.key ?? '';
    const values = list(req.values);
    const has = Object.hasOwn(labels, key);
    const value = labels[key];
    switch (req.operator) {
      case 'In':
        if (!has || value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (has && value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
