"""The font files offer letters are drawn with: Noto Sans and Noto Sans Bengali from Debian's fonts-noto-core."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

NOTO_DIRECTORY = Path("/usr/share/fonts/truetype/noto")
FONT_PACKAGE = "fonts-noto-core"
_FILE_NAMES = {
    "latin": "NotoSans-Regular.ttf",
    "latin_bold": "NotoSans-Bold.ttf",
    "bengali": "NotoSansBengali-Regular.ttf",
    "bengali_bold": "NotoSansBengali-Bold.ttf",
}


class LetterFontsMissing(RuntimeError):
    """A font file offer letters need is not installed; the message names the Debian package to install."""


@dataclass(frozen=True)
class LetterFonts:
    """The four font files a letter uses: Latin and Bengali, regular and bold."""

    latin: Path
    latin_bold: Path
    bengali: Path
    bengali_bold: Path


def find_letter_fonts(directory: Path = NOTO_DIRECTORY) -> LetterFonts:
    """The letter fonts in ``directory``; raises LetterFontsMissing (naming fonts-noto-core) when one is absent."""
    paths = {role: directory / name for role, name in _FILE_NAMES.items()}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        raise LetterFontsMissing(
            f"offer letters need Noto Sans and Noto Sans Bengali, missing {', '.join(missing)}: "
            f"install the Debian package {FONT_PACKAGE} (apt-get install {FONT_PACKAGE})"
        )
    return LetterFonts(**paths)
