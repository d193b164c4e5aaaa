#!/usr/bin/env bash
# The main job: set up, build the bundled corpus into out/, serve the explorer on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
.venv/bin/python build_graph.py
exec .venv/bin/python -m viewer --host 127.0.0.1 --port "${PORT:-8000}" --graph out
