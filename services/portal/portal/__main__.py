"""Entry point: ``python -m portal`` (see ``portal.cli``)."""

from portal.cli import main

raise SystemExit(main())
