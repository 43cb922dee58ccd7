"""The faces every PDF here embeds, and what happens to a character a face lacks.

Three families, all embedded as TrueType so a file looks the same everywhere and uses no
font it does not carry:

- Bitstream Vera, shipped with reportlab: the memo, the nomination copy, the press
  statement and the certificate's small print.
- Merriweather (USWDS's serif, Latin subset): the certificate's title, name and
  citation.
- Public Sans (USWDS's sans): no document is set in it; it is the fallback for the
  letters the other two lack (Ł, ő, Vietnamese), since its Latin is much wider.

Merriweather and Public Sans come from the USWDS npm package. `make static` copies them
into static_build/uswds/fonts/, which every profile has (production runs `make static` in
the release folder, or copies static_build/ from a build host); AWARDS_PDF_FONT_DIR
points elsewhere. A missing file stops the PDF with `FontFilesMissing` naming it, and
`check --deploy` reports it before then (core/checks.py).

AWARDS_PDF_FALLBACK_FONTS adds TrueType files (.ttf or .ttc with TrueType outlines) to
the end of every fallback chain: a CJK face, say, which none of the bundled ones has.

Fallback is per paragraph first, then per character: text that one face of the chain can
set whole is set in that face (a name in Polish reads in one face, not with one odd
letter); otherwise each run of characters goes to the first face that has it.
Characters no face has are reported by `missing_characters`, so a document that must not
show empty boxes can refuse them before it is made.
"""

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from django.conf import settings
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import SimpleDocTemplate

FONT_DIR = Path(reportlab.__file__).parent / "fonts"
REGULAR = "AwardsVera"
BOLD = "AwardsVera-Bold"
ITALIC = "AwardsVera-Italic"
SERIF = "AwardsMerriweather"
SERIF_BOLD = "AwardsMerriweather-Bold"
SERIF_ITALIC = "AwardsMerriweather-Italic"
WIDE = "AwardsPublicSans"
WIDE_BOLD = "AwardsPublicSans-Bold"
WIDE_ITALIC = "AwardsPublicSans-Italic"
EXTRA_PREFIX = "AwardsFallback"

VERA_FILES = {REGULAR: "Vera.ttf", BOLD: "VeraBd.ttf", ITALIC: "VeraIt.ttf"}
# Relative to AWARDS_PDF_FONT_DIR, as USWDS's dist/fonts/ lays them out.
USWDS_FILES = {
    SERIF: "merriweather/Latin-Merriweather-Regular.ttf",
    SERIF_BOLD: "merriweather/Latin-Merriweather-Bold.ttf",
    SERIF_ITALIC: "merriweather/Latin-Merriweather-Italic.ttf",
    WIDE: "public-sans/PublicSans-Regular.ttf",
    WIDE_BOLD: "public-sans/PublicSans-Bold.ttf",
    WIDE_ITALIC: "public-sans/PublicSans-Italic.ttf",
}
# Each face's fallbacks of the same weight and slant, before AWARDS_PDF_FALLBACK_FONTS.
FALLBACKS = {
    SERIF: (WIDE, REGULAR),
    SERIF_BOLD: (WIDE_BOLD, BOLD),
    SERIF_ITALIC: (WIDE_ITALIC, ITALIC),
    REGULAR: (WIDE,),
    BOLD: (WIDE_BOLD,),
    ITALIC: (WIDE_ITALIC,),
    WIDE: (REGULAR,),
    WIDE_BOLD: (BOLD,),
    WIDE_ITALIC: (ITALIC,),
}


class FontFilesMissing(RuntimeError):
    """A face the PDFs embed is not where the settings say."""


@dataclass(frozen=True)
class FontProblem:
    """A font file that is missing or that reportlab cannot embed, and why."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def uswds_font_dir() -> Path:
    return Path(settings.AWARDS_PDF_FONT_DIR)


def fallback_font_paths() -> tuple[Path, ...]:
    return tuple(Path(path) for path in settings.AWARDS_PDF_FALLBACK_FONTS)


def font_file_problems() -> list[FontProblem]:
    """Each USWDS or fallback font file that is missing or that reportlab cannot read."""
    paths = [uswds_font_dir() / name for name in USWDS_FILES.values()]
    problems = []
    for path in [*paths, *fallback_font_paths()]:
        if not path.is_file():
            problems.append(FontProblem(path, "no such file"))
            continue
        try:
            TTFont("AwardsFontCheck", str(path))
        except (TTFError, OSError) as error:
            problems.append(FontProblem(path, f"not a TrueType font reportlab can embed ({error})"))
    return problems


def register_fonts() -> None:
    """Register the Vera faces once per process (reportlab keeps them globally)."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name, filename in VERA_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))


def register_all_fonts() -> None:
    """Register Vera, the USWDS faces and the configured fallbacks; FontFilesMissing
    names every USWDS or fallback file that is not there."""
    register_fonts()
    _register_files(uswds_font_dir(), fallback_font_paths())


@cache
def _register_files(directory: Path, extra: tuple[Path, ...]) -> None:
    paths = {name: directory / filename for name, filename in USWDS_FILES.items()}
    paths |= {_fallback_name(path): path for path in extra}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        raise FontFilesMissing(
            "The PDFs' font files are missing: "
            + ", ".join(missing)
            + ". Run `make static` (it copies USWDS's fonts into static_build/), or point "
            "AWARDS_PDF_FONT_DIR and AWARDS_PDF_FALLBACK_FONTS at the files."
        )
    for name, path in paths.items():
        pdfmetrics.registerFont(TTFont(name, str(path)))


def fallback_chain(face: str) -> tuple[str, ...]:
    """`face`, then the faces that stand in for the characters it lacks, in order; all
    registered."""
    register_all_fonts()
    extra = tuple(_fallback_name(path) for path in fallback_font_paths())
    return (face, *FALLBACKS.get(face, ()), *extra)


def _fallback_name(path: Path) -> str:
    """A configured fallback's face name, one per file, so a changed setting never reuses
    another file's name (reportlab keeps faces by name for the process's life)."""
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:10]
    return f"{EXTRA_PREFIX}-{digest}"


def has_character(face: str, character: str) -> bool:
    return ord(character) in _characters(face)


@cache
def _characters(face: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(face).face.charToGlyph)


def _settable(character: str) -> bool:
    """Line ends and other controls are layout, not glyphs a face must have."""
    return not (character.isspace() or ord(character) < 0x20)


def font_runs(text: str, chain: Iterable[str]) -> list[tuple[str, str]]:
    """`text` as (face, characters) runs: all of it in the first face of `chain` that has
    every character, else each character in the first face that has it (the first face
    for one none has)."""
    chain = tuple(chain)
    needed = {character for character in text if _settable(character)}
    for face in chain:
        if all(has_character(face, character) for character in needed):
            return [(face, text)] if text else []
    runs: list[tuple[str, str]] = []
    for character in text:
        face = next(
            (face for face in chain if has_character(face, character)),
            runs[-1][0] if runs and not _settable(character) else chain[0],
        )
        if runs and runs[-1][0] == face:
            runs[-1] = (face, runs[-1][1] + character)
        else:
            runs.append((face, character))
    return runs


def missing_characters(text: str, chain: Iterable[str]) -> str:
    """The distinct characters of `text` that no face of `chain` has, in order."""
    chain = tuple(chain)
    missing = []
    for character in text:
        if (
            _settable(character)
            and character not in missing
            and not any(has_character(face, character) for face in chain)
        ):
            missing.append(character)
    return "".join(missing)


def paragraph_markup(text: str, face: str) -> str:
    """`text` as reportlab paragraph markup in `face`, escaped, line breaks kept, with a
    <font> tag around each run another face of its chain sets."""
    parts = []
    for run_face, run in font_runs(text, fallback_chain(face)):
        marked = escape(run).replace("\n", "<br/>")
        parts.append(marked if run_face == face else f'<font face="{run_face}">{marked}</font>')
    return "".join(parts)


def letter_document(buffer: io.BytesIO, *, title: str, subject: str, author: str):
    """A portrait Letter document with one-inch side margins and the file's metadata."""
    register_fonts()
    return SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=inch,
        rightMargin=inch,
        topMargin=0.9 * inch,
        bottomMargin=0.9 * inch,
        title=title,
        subject=subject,
        author=author,
        creator=author,
        lang="en-US",
        displayDocTitle=True,
        # Else the canvas starts in Helvetica, a font the file would use but not embed.
        initialFontName=REGULAR,
        initialFontSize=10,
    )
