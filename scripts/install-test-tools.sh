#!/usr/bin/env bash
# Installs the real third-party tools the tests drive, from Debian's packages.
#
# Debian's kubectl (package kubernetes-client, v1.20) is unpacked into .tools/ rather than installed:
# some machines already carry another /usr/bin/kubectl (e.g. the Google Cloud SDK's), and the two
# packages conflict on that path. The tests look for .tools/usr/bin/kubectl (see test/support/tools.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS_DIR=.tools
DEB_PACKAGES_UNPACKED=(kubernetes-client)

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq

mkdir -p "$TOOLS_DIR/debs"
for pkg in "${DEB_PACKAGES_UNPACKED[@]}"; do
  (cd "$TOOLS_DIR/debs" && apt-get download -qq "$pkg" 2>&1 | grep -v 'unsandboxed' || true)
  deb=$(ls "$TOOLS_DIR"/debs/"${pkg}"_*.deb | head -n 1)
  dpkg-deb -x "$deb" "$TOOLS_DIR"
done

"$TOOLS_DIR/usr/bin/kubectl" version --client --short 2>/dev/null || "$TOOLS_DIR/usr/bin/kubectl" version --client
