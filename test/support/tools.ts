/**
 * Paths to the real third-party tools the tests drive. They are installed by
 * `scripts/install-test-tools.sh` (run by `.ci/run`); a missing tool fails the test that needs it
 * with the command that installs it, never a silent skip.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Debian's kubectl 1.20 (package kubernetes-client), unpacked into .tools/. Override with KUBEHOW_TEST_KUBECTL. */
export function kubectlPath(): string {
  return requireTool(process.env.KUBEHOW_TEST_KUBECTL ?? `${REPO_ROOT}.tools/usr/bin/kubectl`, 'kubectl (Debian kubernetes-client)');
}

export function requireTool(path: string, what: string): string {
  if (!existsSync(path)) {
    throw new Error(`${what} not found at ${path}: run scripts/install-test-tools.sh (as root; it uses apt-get)`);
  }
  return path;
}

/** Prometheus's promtool (Debian package prometheus), unpacked into .tools/. Override with KUBEHOW_TEST_PROMTOOL. */
export function promtoolPath(): string {
  return requireTool(process.env.KUBEHOW_TEST_PROMTOOL ?? `${REPO_ROOT}.tools/usr/bin/promtool`, 'promtool (Debian prometheus)');
}

/** Alertmanager (Debian package prometheus-alertmanager), unpacked into .tools/. Override with KUBEHOW_TEST_ALERTMANAGER. */
export function alertmanagerPath(): string {
  return requireTool(process.env.KUBEHOW_TEST_ALERTMANAGER ?? `${REPO_ROOT}.tools/usr/bin/prometheus-alertmanager`, 'alertmanager (Debian prometheus-alertmanager)');
}
