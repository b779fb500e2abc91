"""Entry point: ``python -m matcher.evaluation`` (see ``matcher.evaluation.command``)."""

from matcher.evaluation.command import main

raise SystemExit(main())
