"""Entry point: ``python -m notifier``."""

from notifier.bootstrap import main

raise SystemExit(main())
