"""The PDFs' faces: where they come from, which face sets which letters, and the
deployment check that finds a missing or unusable font file."""

from pathlib import Path

import pytest
import reportlab

from core.checks import check_pdf_fonts
from core.pdf.fonts import (
    BOLD,
    REGULAR,
    SERIF,
    SERIF_BOLD,
    WIDE,
    WIDE_BOLD,
    FontFilesMissing,
    fallback_chain,
    font_file_problems,
    font_runs,
    missing_characters,
    paragraph_markup,
    register_all_fonts,
)

HB_TEST_FONT = Path(reportlab.__file__).parent / "fonts" / "hb-test.ttf"


def test_each_face_falls_back_to_public_sans_then_vera_of_its_weight():
    assert fallback_chain(SERIF_BOLD) == (SERIF_BOLD, WIDE_BOLD, BOLD)
    assert fallback_chain(REGULAR) == (REGULAR, WIDE)


def test_configured_fallback_fonts_come_last_in_every_chain(settings):
    settings.AWARDS_PDF_FALLBACK_FONTS = [str(HB_TEST_FONT)]

    chain = fallback_chain(SERIF)

    assert chain[:3] == (SERIF, WIDE, REGULAR)
    assert len(chain) == 4 and chain[3].startswith("AwardsFallback-")


def test_text_the_first_face_has_whole_stays_in_it():
    assert font_runs("Centro de los Derechos del Migrante, Inc.", fallback_chain(SERIF_BOLD)) == [
        (SERIF_BOLD, "Centro de los Derechos del Migrante, Inc.")
    ]


@pytest.mark.parametrize("name", ["Łukasz Wróbel", "Kővári Ildikó", "Nguyễn Thị Minh Khai"])
def test_text_a_fallback_has_whole_is_set_whole_in_that_fallback(name):
    assert font_runs(name, fallback_chain(SERIF_BOLD)) == [(WIDE_BOLD, name)]


def test_text_no_face_has_whole_goes_letter_by_letter_to_the_first_face_that_has_each(settings):
    settings.AWARDS_PDF_FALLBACK_FONTS = [str(HB_TEST_FONT)]
    chain = fallback_chain(SERIF)

    assert font_runs("Sok ឆន Łódź", chain) == [
        (SERIF, "Sok "),
        (chain[3], "ឆន"),
        (SERIF, " "),
        (WIDE, "Ł"),
        (SERIF, "ód"),
        (WIDE, "ź"),
    ]


def test_letters_no_face_has_are_listed_once_each_in_order():
    assert missing_characters("Zhang 中文 中 Łódź", fallback_chain(SERIF)) == "中文"
    assert missing_characters("Łódź\n", fallback_chain(SERIF)) == ""


def test_paragraph_markup_escapes_and_marks_each_fallback_run():
    assert paragraph_markup("A & B <i>", SERIF) == "A &amp; B &lt;i&gt;"
    assert paragraph_markup("Łukasz\nWróbel", SERIF) == (
        f'<font face="{WIDE}">Łukasz<br/>Wróbel</font>'
    )


def test_missing_font_files_stop_the_pdf_naming_them(settings, tmp_path):
    settings.AWARDS_PDF_FONT_DIR = str(tmp_path)

    with pytest.raises(FontFilesMissing) as error:
        register_all_fonts()

    message = str(error.value)
    assert str(tmp_path / "merriweather" / "Latin-Merriweather-Bold.ttf") in message
    assert str(tmp_path / "public-sans" / "PublicSans-Regular.ttf") in message
    assert "Run `make static`" in message


def test_the_deployment_check_passes_with_the_fonts_make_static_copies():
    assert check_pdf_fonts(None) == []


def test_the_deployment_check_names_each_missing_or_unusable_font(settings, tmp_path):
    settings.AWARDS_PDF_FONT_DIR = str(tmp_path)
    not_a_font = tmp_path / "not-a-font.ttf"
    not_a_font.write_bytes(b"<svg/>")
    settings.AWARDS_PDF_FALLBACK_FONTS = [str(not_a_font)]

    errors = check_pdf_fonts(None)

    assert [error.id for error in errors] == ["awards.E001"] * 7
    assert errors[0].msg == (
        "A font the PDFs embed is unusable: "
        f"{tmp_path / 'merriweather' / 'Latin-Merriweather-Regular.ttf'}: no such file."
    )
    assert errors[-1].msg.startswith(
        f"A font the PDFs embed is unusable: {not_a_font}: not a TrueType font reportlab can embed"
    )
    assert [str(problem.path) for problem in font_file_problems()][-1] == str(not_a_font)
