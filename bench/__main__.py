"""``python -m bench --scale 100k [--quick]``: see bench.runner."""
import sys

from .runner import main

sys.exit(main())
