"""What one evaluation run was asked for: where the data is, how deep to rank, how to resample."""

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR_VARIABLE = "JOBMATCH_DATA_DIR"
DEFAULT_BILINGUAL_DIR = REPO_ROOT / "tests" / "data" / "bilingual"


@dataclass(frozen=True)
class RunSettings:
    """The options every task reads."""

    data_dir: Path
    bilingual_dir: Path
    depth: int  # ranks each system returns per query; MRR is cut here
    jobs: int  # processes ranking with our matcher
    resamples: int
    seed: int


def resolve_data_dir(option: str | None) -> Path:
    """--data-dir, else $JOBMATCH_DATA_DIR, else <repo>/../shared/data."""
    if option:
        return Path(option)
    if os.environ.get(DATA_DIR_VARIABLE):
        return Path(os.environ[DATA_DIR_VARIABLE])
    return REPO_ROOT.parent / "shared" / "data"


class MissingData(Exception):
    """A task's input files are not there; the task is skipped with this message."""
