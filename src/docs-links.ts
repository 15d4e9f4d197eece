/**
 * Where kubehow's documentation is published. One constant: `kubehow rules` puts it in every `runbook_url`,
 * and the watcher links findings and hypotheses from its alerts, so a fork or a mirror changes it here once
 * (users override it per run: `--runbook-base-url`, the watch config's `docsBaseUrl`).
 */
export const DOCS_BASE_URL = 'https://github.com/kubehow/kubehow/blob/main/docs';

/** `<base>/findings/<id>.md`. */
export function findingDocUrl(baseUrl: string, id: string): string {
  return `${trimSlash(baseUrl)}/findings/${id}.md`;
}

/** `<base>/hypotheses/<id>.md`. */
export function hypothesisDocUrl(baseUrl: string, id: string): string {
  return `${trimSlash(baseUrl)}/hypotheses/${id}.md`;
}

/** `<base>/<path>`, for pages outside the two catalogues (e.g. `watch/prometheus.md#kubehowdown`). */
export function docUrl(baseUrl: string, path: string): string {
  return `${trimSlash(baseUrl)}/${path}`;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
