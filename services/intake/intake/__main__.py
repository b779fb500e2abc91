"""Entry point: ``python -m intake``."""

from intake.bootstrap import main

raise SystemExit(main())
