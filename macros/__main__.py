"""`python -m macros …`: the command line (cli/)."""

import sys

from .cli import main

sys.exit(main())
