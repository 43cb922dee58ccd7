"""The decision memo PDF: its TO / FROM / SUBJECT / DATE block and markings, the ranked
slate with its figures and notes in a table whose columns never collide, the signature
block, metadata and embedded fonts."""

import io
from datetime import UTC, datetime

import pytest
from django.utils import timezone
from pypdf import PdfReader
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth

from selection.pdf.decision_memo import (
    CELL_PADDING,
    MARKING,
    TABLE_HEADERS,
    DecisionMemo,
    MemoRow,
    column_widths,
    render_decision_memo,
)
from tests import factories
from tests.core.pdf_structure import faults, kinds, outline, structure
from tests.pdf_layout import outside, overlapping, text_boxes
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
        "award_year": 2030,
        "sender": "Jordan Rivera, Presidential Award award staff",
        "dated": "January 21, 2031",
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


# -- the memorandum's head, its markings, and a table that never collides ----------------


def test_memo_opens_with_to_from_subject_and_date():
    content = all_text(read(render_decision_memo(memo())))

    assert (
        "MEMORANDUM\nTO:\nAntony J. Blinken, Secretary of State\n"
        "FROM:\nJordan Rivera, Presidential Award award staff\n"
        "SUBJECT:\nSelection of recipients, 2030 Presidential Award for Extraordinary Efforts to\n"
        "Combat Trafficking in Persons\nDATE:\nJanuary 21, 2031\n"
    ) in content


def test_memo_without_a_sender_is_from_its_author():
    content = all_text(read(render_decision_memo(memo(sender=""))))

    assert "FROM:\nPresidential Award award staff\n" in content


LONG_WORD = "Trafficking" * 6
LONGEST_NAME = ("Coalition of Immokalee Workers and the Fair Food Standards Council " * 5)[:300]


def crowded_memo() -> DecisionMemo:
    """Sixty nominations with names of 300 characters (one with a 66-letter word), long
    references, long figures, and the longest program name and signatory title."""
    rows = tuple(
        row(
            str(rank),
            f"ABCDEF-2030-{rank:04d}",
            LONGEST_NAME if rank % 2 else f"{LONG_WORD} {LONGEST_NAME}"[:300],
            "A briefing note. " * 30,
            score="88.88",
            percentile="99.9",
            reviews="12",
            sd="2.12",
            disagreement=bool(rank % 3),
        )
        for rank in range(1, 61)
    )
    return memo(
        rows=rows,
        program=("Presidential Award for Extraordinary Efforts " * 5)[:200],
        signatory_title=("Ambassador-at-Large to Monitor and Combat Trafficking in Persons, " * 5)[
            :300
        ],
        sender=("Jordan Rivera-Featherstonehaugh, " * 10)[:200],
        award_cap=100,
    )


@pytest.mark.parametrize("data", [memo(), crowded_memo()], ids=["short", "crowded"])
def test_memo_text_never_overlaps_and_stays_inside_the_page(data):
    pdf = render_decision_memo(data)

    boxes = text_boxes(pdf)
    assert overlapping(boxes) == []
    assert outside(boxes, width=LETTER[0], height=LETTER[1], margin=0.35 * inch) == []


def test_every_page_is_marked_at_its_head_and_foot():
    pdf = render_decision_memo(crowded_memo())

    pages = len(read(pdf).pages)
    marks = [box for box in text_boxes(pdf) if box.text == MARKING]
    assert pages > 5
    assert sorted((box.page, box.top > LETTER[1] - inch) for box in marks) == sorted(
        (page, at_head) for page in range(1, pages + 1) for at_head in (False, True)
    )


def test_the_table_headers_stand_apart_on_every_page():
    pdf = render_decision_memo(crowded_memo())
    boxes = text_boxes(pdf)

    for page in range(1, len(read(pdf).pages) + 1):
        headers = sorted(
            (
                box
                for box in boxes
                if box.page == page and box.text in TABLE_HEADERS and box.font.endswith("Bold")
            ),
            key=lambda box: box.left,
        )
        if not headers:
            continue
        assert [box.text for box in headers] == list(TABLE_HEADERS)
        gaps = [
            second.left - first.right for first, second in zip(headers, headers[1:], strict=False)
        ]
        assert min(gaps) >= 2 * CELL_PADDING


def test_column_widths_give_each_column_its_longest_word_and_share_the_rest():
    cells = [
        [("Rank", "AwardsVera"), ("Nominee", "AwardsVera")],
        [("1", "AwardsVera"), ("a " * 80, "AwardsVera")],
    ]

    widths = column_widths(cells, 300)

    assert sum(widths) == pytest.approx(300)
    assert widths[0] == pytest.approx(stringWidth("Rank", "AwardsVera", 9) + 2 * CELL_PADDING + 1)


def test_column_widths_take_from_the_widest_first_when_the_longest_words_cannot_fit():
    cells = [[("x" * 60, "AwardsVera"), ("y" * 20, "AwardsVera"), ("SD", "AwardsVera")]]
    sd = stringWidth("SD", "AwardsVera", 9) + 2 * CELL_PADDING + 1

    widths = column_widths(cells, 100)

    assert widths == pytest.approx([(100 - sd) / 2, (100 - sd) / 2, sd])


@pytest.mark.django_db
def test_memo_from_staff_names_them_and_is_dated_in_the_cycles_zone(client, monkeypatch):
    cycle, _ = slate_cycle([2, 4])
    type(cycle).objects.filter(pk=cycle.pk).update(time_zone="Pacific/Honolulu")
    # 4 a.m. in New York on January 22 is still 11 p.m. on January 21 in Honolulu.
    moment = datetime(2031, 1, 22, 9, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    client.force_login(factories.award_staff(full_name="Jordan Rivera"))

    content = all_text(read(client.get(f"/staff/cycles/{cycle.pk}/decision-memo.pdf").content))

    office = f"{cycle.program.short_name} award staff"
    assert f"FROM:\nJordan Rivera, {office}\n" in content
    assert "DATE:\nJanuary 21, 2031\n" in content


@pytest.mark.django_db
def test_memo_the_selecting_official_downloads_is_from_the_award_office(client):
    cycle, _ = slate_cycle([2, 4])
    client.force_login(factories.selecting_official(full_name="Antony Blinken"))

    content = all_text(read(client.get(f"/staff/cycles/{cycle.pk}/decision-memo.pdf").content))

    assert f"FROM:\n{cycle.program.short_name} award staff\n" in content


def test_memo_is_tagged_with_headings_and_tables_in_reading_order():
    reader = read(render_decision_memo(memo()))

    assert faults(reader) == []
    document = structure(reader)
    assert kinds(document) == [
        "P", "H1", "Table", "P", "P", "P", "H2", "Table", "H2", "H3", "P", "H3", "P", "H3",
        "P", "H2", "P", "P", "P", "P",
    ]  # fmt: skip
    assert document.children[0].actual_text == MARKING
    address, slate = (node for node in document.children if node.kind == "Table")
    assert [outline(reader, tr) for tr in address.children] == [
        [("TH", "TO:"), ("TD", "Antony J. Blinken, Secretary of State")],
        [("TH", "FROM:"), ("TD", "Jordan Rivera, Presidential Award award staff")],
        [
            ("TH", "SUBJECT:"),
            (
                "TD",
                "Selection of recipients, 2030 Presidential Award for Extraordinary Efforts "
                "to Combat Trafficking in Persons",
            ),
        ],
        [("TH", "DATE:"), ("TD", "January 21, 2031")],
    ]
    assert {cell.attributes.get("/Scope") for tr in address.children for cell in tr.children} == {
        "/Row",
        None,
    }
    header, first = slate.children[:2]
    assert outline(reader, header) == [("TH", text) for text in TABLE_HEADERS]
    assert outline(reader, first) == [
        ("TD", "1"),
        ("TD", "PA-2030-0004"),
        ("TD", "Blue Dot <Initiative>"),
        ("TD", "20"),
        ("TD", "17"),
        ("TD", "3"),
        ("TD", "0.58"),
    ]


def test_memo_over_many_pages_reads_its_marking_once_and_its_header_row_once():
    reader = read(render_decision_memo(crowded_memo()))

    assert len(reader.pages) > 5
    assert faults(reader) == []
    document = structure(reader)
    assert [node.actual_text for node in document.children].count(MARKING) == 1
    (slate,) = [node for node in document.children if node.kind == "Table"][1:]
    assert [kinds(tr) for tr in slate.children].count(["TH"] * len(TABLE_HEADERS)) == 1
    assert len(slate.children) == 61
