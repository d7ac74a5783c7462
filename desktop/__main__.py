"""``python -m desktop`` runs the ``armscribe`` command."""

import sys

from desktop.cli import main

sys.exit(main())
