"""``python -m kzmach.cli``: the command line."""

import sys

from kzmach.cli import main

sys.exit(main())
