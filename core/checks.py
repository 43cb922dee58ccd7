"""Deployment checks (`manage.py check --deploy`) for what the generated PDFs need.

Registered in CoreConfig.ready().
"""

from django.core import checks

from core.pdf.fonts import font_file_problems


def check_pdf_fonts(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Every USWDS face the certificate embeds and every configured fallback font is a
    TrueType file reportlab can read; else no certificate can be issued."""
    return [
        checks.Error(
            f"A font the PDFs embed is unusable: {problem}.",
            hint="Run `make static` in the release folder (it copies USWDS's fonts into "
            "static_build/), or correct AWARDS_PDF_FONT_DIR or AWARDS_PDF_FALLBACK_FONTS.",
            id="awards.E001",
        )
        for problem in font_file_problems()
    ]
