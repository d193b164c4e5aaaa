#!/usr/bin/env bash
# Install the viewer's browser assets (JS/CSS) from the npm registry into
# viewer/static/vendor/ (gitignored). The viewer never loads anything from a CDN:
# pages reference /static/vendor/... only. Run once at set-up time:
#     bash scripts/install_viewer_assets.sh
# Versions are pinned here; change them together with viewer/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/viewer/static/vendor"
CODEMIRROR="codemirror@5.65.18"     # editor + SPARQL mode for the query page
VIS_NETWORK="vis-network@9.1.9"     # network drawing for the explorer (pyvis's own engine)

if ! command -v npm >/dev/null 2>&1; then
  echo "install_viewer_assets: npm not found; install Node.js/npm (Debian: apt-get install -y npm)" >&2
  exit 1
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
npm install --prefix "$TMP" --no-save --no-audit --no-fund --ignore-scripts "$CODEMIRROR" "$VIS_NETWORK" >/dev/null

NM="$TMP/node_modules"
rm -rf "$VENDOR.new"
mkdir -p "$VENDOR.new/codemirror" "$VENDOR.new/vis-network"
cp "$NM/codemirror/lib/codemirror.js" "$NM/codemirror/lib/codemirror.css" "$VENDOR.new/codemirror/"
cp "$NM/codemirror/mode/sparql/sparql.js" "$VENDOR.new/codemirror/"
cp "$NM/codemirror/LICENSE" "$VENDOR.new/codemirror/LICENSE"
cp "$NM/vis-network/standalone/umd/vis-network.min.js" "$VENDOR.new/vis-network/"
cp "$NM/vis-network/styles/vis-network.min.css" "$VENDOR.new/vis-network/" 2>/dev/null \
  || cp "$NM/vis-network/dist/dist/vis-network.min.css" "$VENDOR.new/vis-network/"
cp "$NM/vis-network/LICENSE-MIT" "$VENDOR.new/vis-network/" 2>/dev/null || true
{
  echo "$CODEMIRROR"
  echo "$VIS_NETWORK"
} > "$VENDOR.new/VERSIONS"
rm -rf "$VENDOR"
mv "$VENDOR.new" "$VENDOR"
echo "install_viewer_assets: installed $CODEMIRROR and $VIS_NETWORK into ${VENDOR#$ROOT/}"
