#!/usr/bin/env bash
# The whole test suite: set up (including Chromium for the browser tests), then pytest.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh --browser
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
