"""Entry point: ``python -m matcher`` (see ``matcher.cli``)."""

from matcher.cli import main

if __name__ == "__main__":  # not again in the processes that build profiles at start-up
    raise SystemExit(main())
