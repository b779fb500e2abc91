"""Entry point: ``python -m matcher`` (see ``matcher.cli``)."""

from matcher.cli import main

raise SystemExit(main())
