"""The decision memo PDF: the ranked slate with its figures and notes, the signature
block, metadata and embedded fonts."""

import io

import pytest
from pypdf import PdfReader

from selection.pdf.decision_memo import DecisionMemo, MemoRow, render_decision_memo
from tests import factories
from tests.selection.test_slate import slate_cycle


def row(rank: str, reference: str, nominee: str, note: str, **kwargs) -> MemoRow:
    values = {
        "score": "20",
        "percentile": "17",
        "reviews": "3",
        "sd": "0.58",
        "disagreement": False,
    } | kwargs
    return MemoRow(rank=rank, reference=reference, nominee=nominee, briefing_note=note, **values)


def memo(**kwargs) -> DecisionMemo:
    values = {
        "program": "Presidential Award for Extraordinary Efforts to Combat Trafficking in Persons",
        "cycle": "2030 award cycle",
        "award_cap": 2,
        "rows": (
            row("1", "PA-2030-0004", "Blue Dot <Initiative>", "Survivor care & outreach."),
            row("2", "PA-2030-0001", "Centro de los Derechos del Migrante, Inc.", "Worker-led."),
            row(
                "Unscored",
                "PA-2030-0002",
                "Freedom Network",
                "",
                score="None",
                percentile="None",
                reviews="0",
                sd="None",
            ),
        ),
        "signatory_name": "Antony J. Blinken",
        "signatory_title": "Secretary of State",
        "author": "Presidential Award award staff",
        "reviewed_count": 5,
    } | kwargs
    return DecisionMemo(**values)


def read(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def all_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_memo_carries_title_subject_author_and_language():
    reader = read(render_decision_memo(memo()))

    info = reader.metadata
    assert info.title == (
        "Decision memo: Presidential Award for Extraordinary Efforts to Combat Trafficking "
        "in Persons, 2030 award cycle"
    )
    assert info.subject == "The ranked slate of 3 nominations for selection, up to 2"
    assert info.author == "Presidential Award award staff"
    assert reader.trailer["/Root"]["/Lang"] == "en-US"


def test_memo_embeds_its_truetype_fonts():
    reader = read(render_decision_memo(memo()))

    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        descriptors = [font.get_object()["/FontDescriptor"] for font in fonts.values()]
        assert descriptors and all("/FontFile2" in descriptor for descriptor in descriptors)


def test_memo_lists_the_slate_in_rank_order_with_figures_and_notes():
    content = all_text(read(render_decision_memo(memo())))

    positions = [content.index(ref) for ref in ("PA-2030-0004", "PA-2030-0001", "PA-2030-0002")]
    assert positions == sorted(positions)
    assert "Award cap: up to 2 recipients." in content
    # pypdf reads the table cell by cell, one line each.
    assert "1\nPA-2030-0004\nBlue Dot <Initiative>\n20\n17\n3\n0.58\n" in content
    assert "Unscored\nPA-2030-0002\nFreedom Network\nNone\nNone\n0\nNone\n" in content
    assert "1. Blue Dot <Initiative> (PA-2030-0004)\nSurvivor care & outreach." in content
    assert "Unscored. Freedom Network (PA-2030-0002)\nNo briefing note." in content


def test_memo_unsigned_has_a_signature_block_for_the_signatory():
    content = all_text(read(render_decision_memo(memo())))

    assert "I select the nominations listed here, up to 2:" in content
    assert "Antony J. Blinken\nSecretary of State\nDate: ____" in content


def test_memo_signed_shows_the_decision_and_justification():
    signed = memo(
        signed_name="Antony J. Blinken",
        decided_on="March 3, 2031",
        selected=("PA-2030-0001",),
        justification="Its worker-led model reaches more people.",
    )

    content = all_text(read(render_decision_memo(signed)))

    assert "Selected: PA-2030-0001." in content
    assert "Signed by typing the name: Antony J. Blinken\nDate: March 3, 2031" in content
    assert "Its worker-led model reaches more people." in content


def test_memo_flags_disagreement():
    data = memo(rows=(row("1", "PA-2030-0004", "Blue Dot", "Note.", sd="2.12", disagreement=True),))

    content = all_text(read(render_decision_memo(data)))

    assert "2.12 (disagreement)" in content


@pytest.mark.django_db
def test_memo_from_a_real_slate_lists_it_in_rank_order_with_notes(client):
    cycle, nominations = slate_cycle([6, 2, 4])
    client.force_login(factories.award_staff())

    response = client.get(f"/staff/cycles/{cycle.pk}/decision-memo.pdf")

    content = all_text(read(response.content))
    ranked = [nominations[1], nominations[2], nominations[0]]
    positions = [content.index(f"{n.reference}\n{n.nominee.display_name}") for n in ranked]
    assert positions == sorted(positions)
    for nomination in ranked:
        assert f"Why {nomination.reference} belongs on the slate." in content
