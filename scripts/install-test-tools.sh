#!/usr/bin/env bash
# Installs the real third-party tools the tests drive, from Debian's packages.
#
# Debian's packages are unpacked into .tools/ rather than installed: some machines already carry another
# /usr/bin/kubectl (e.g. the Google Cloud SDK's), and the two packages conflict on that path; Prometheus and
# Alertmanager would be started as services by their maintainer scripts, which tests do not want (they start
# their own on loopback). All three are static Go binaries, so unpacking is enough.
#   kubernetes-client        kubectl 1.20      .tools/usr/bin/kubectl
#   prometheus               promtool          .tools/usr/bin/promtool
#   prometheus-alertmanager  alertmanager      .tools/usr/bin/prometheus-alertmanager
# The tests find them through test/support/tools.ts.
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS_DIR=.tools
DEB_PACKAGES_UNPACKED=(kubernetes-client prometheus prometheus-alertmanager)

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq

mkdir -p "$TOOLS_DIR/debs"
for pkg in "${DEB_PACKAGES_UNPACKED[@]}"; do
  (cd "$TOOLS_DIR/debs" && apt-get download -qq "$pkg" 2>&1 | grep -v 'unsandboxed' || true)
  deb=$(ls "$TOOLS_DIR"/debs/"${pkg}"_*.deb | head -n 1)
  dpkg-deb -x "$deb" "$TOOLS_DIR"
done

# Debian's alertmanager reads its default notification templates from /usr/share/prometheus/alertmanager (Debian
# patch 02-Do_not_embed_blobs) and exits without them; unpacked, they sit under .tools, so put the package's own files
# where its binary looks (what apt-get install would have done, without starting the service).
for tmpl in default.tmpl email.tmpl; do
  install -D -m 0644 "$TOOLS_DIR/usr/share/prometheus/alertmanager/$tmpl" "/usr/share/prometheus/alertmanager/$tmpl"
done

"$TOOLS_DIR/usr/bin/kubectl" version --client --short 2>/dev/null || "$TOOLS_DIR/usr/bin/kubectl" version --client
"$TOOLS_DIR/usr/bin/promtool" --version | head -n 1
"$TOOLS_DIR/usr/bin/prometheus-alertmanager" --version 2>&1 | head -n 1
