"""Entry point: ``python -m fairday`` (see ``fairday.cli``)."""

from fairday.cli import main

raise SystemExit(main())
