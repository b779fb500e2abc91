"""Entry point: ``python -m matcher``."""

from matcher.bootstrap import main

raise SystemExit(main())
