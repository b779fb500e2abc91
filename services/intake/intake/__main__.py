"""Entry point: ``python -m intake`` (see ``intake.cli``)."""

from intake.cli import main

raise SystemExit(main())
