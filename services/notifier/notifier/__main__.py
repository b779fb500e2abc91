"""Entry point: ``python -m notifier`` (see ``notifier.cli``)."""

from notifier.cli import main

raise SystemExit(main())
