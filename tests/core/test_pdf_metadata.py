"""A PDF's copy without its document metadata: the Info dictionary, XMP streams (the
catalog's and a page's), application data and annotation authors are gone; the pages
and their text are the same."""

import io

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    StreamObject,
    TextStringObject,
)
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen import canvas

from core.pdf.metadata import PdfMetadataError, without_metadata
from core.pdf.tagging import Tagger
from tests.core.pdf_structure import faults, outline

AUTHOR = "Quentin Nominatorson"
ORGANIZATION = "Office of Unique Names"
PAGE_TEXT = ("Evidence of sustained courage", "Second page of the evidence")


def xmp_packet(creator: str) -> bytes:
    return f"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>
   <pdf:Producer>{ORGANIZATION} Word 16</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def reportlab_pdf() -> bytes:
    """Two pages of text, with the Info dictionary reportlab writes (author, title...)."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=LETTER, invariant=1)
    page.setAuthor(AUTHOR)
    page.setTitle(f"Nomination by {AUTHOR} - {ORGANIZATION}")
    page.setSubject(ORGANIZATION)
    page.setCreator(f"{AUTHOR}'s word processor")
    page.setKeywords([AUTHOR])
    for text in PAGE_TEXT:
        page.drawString(72, 720, text)
        page.showPage()
    page.save()
    return buffer.getvalue()


def metadata_stream(writer: PdfWriter) -> object:
    """An uncompressed XMP stream naming the author, as an indirect object."""
    stream = StreamObject()
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    stream.set_data(xmp_packet(AUTHOR))
    return writer._add_object(stream)


def with_everything(data: bytes) -> bytes:
    """The PDF with an XMP packet in the catalog and on a page, /PieceInfo, an annotation
    signed by the author, and a form field whose /T is its name; Info kept."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer._root_object[NameObject("/Metadata")] = metadata_stream(writer)
    page = writer.pages[0]
    page[NameObject("/Metadata")] = metadata_stream(writer)
    page[NameObject("/PieceInfo")] = DictionaryObject(
        {
            NameObject("/Word"): DictionaryObject(
                {NameObject("/Private"): TextStringObject(f"{AUTHOR} draft 3")}
            )
        }
    )
    rect = ArrayObject([FloatObject(n) for n in (72, 600, 200, 620)])
    comment = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/Rect"): rect,
            NameObject("/T"): TextStringObject(AUTHOR),
            NameObject("/Contents"): TextStringObject("Check the dates"),
        }
    )
    field = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Tx"),
            NameObject("/Rect"): rect,
            NameObject("/T"): TextStringObject("reference_field"),
        }
    )
    page[NameObject("/Annots")] = ArrayObject(
        [writer._add_object(comment), writer._add_object(field)]
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def every_stream_decoded(data: bytes) -> bytes:
    """Every object of the file as pypdf decodes it, streams decompressed."""
    reader = PdfReader(io.BytesIO(data))
    parts = []
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:  # noqa: BLE001 - free entries of the xref table
            continue
        if obj is None:
            continue
        parts.append(repr(obj).encode())
        if isinstance(obj, StreamObject):
            parts.append(obj.get_data())
    return b"\n".join(parts)


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def marked() -> bytes:
    data = with_everything(reportlab_pdf())
    reader = PdfReader(io.BytesIO(data))
    # The input really carries the author where the output must not.
    assert reader.metadata["/Author"] == AUTHOR
    assert AUTHOR.encode() in reader.root_object["/Metadata"].get_data()
    assert AUTHOR.encode() in data
    return data


def test_without_metadata_leaves_no_author_name_or_info_keys(marked):
    copy = without_metadata(marked)

    assert AUTHOR.encode() not in copy
    assert ORGANIZATION.encode() not in copy
    for key in (b"/Author", b"/Title", b"/Creator", b"/Producer", b"/Metadata", b"/PieceInfo"):
        assert key not in copy
    decoded = every_stream_decoded(copy)
    assert AUTHOR.encode() not in decoded
    assert ORGANIZATION.encode() not in decoded


def test_without_metadata_has_no_info_dictionary_and_no_xmp(marked):
    reader = PdfReader(io.BytesIO(without_metadata(marked)))

    assert "/Info" not in reader.trailer
    assert reader.metadata is None
    assert "/Metadata" not in reader.root_object
    assert reader.xmp_metadata is None
    assert "/Metadata" not in reader.pages[0]


def test_without_metadata_keeps_pages_text_and_form_field_names(marked):
    copy = without_metadata(marked)
    reader = PdfReader(io.BytesIO(copy))

    assert len(reader.pages) == 2
    assert page_texts(copy) == page_texts(marked)
    assert [text.strip() for text in page_texts(copy)] == list(PAGE_TEXT)
    annotations = [a.get_object() for a in reader.pages[0]["/Annots"]]
    assert [(a["/Subtype"], a.get("/T")) for a in annotations] == [
        ("/Text", None),
        ("/Widget", "reference_field"),
    ]
    assert annotations[0]["/Contents"] == "Check the dates"


def test_without_metadata_drops_earlier_revisions_of_an_updated_file():
    """An incremental update that replaced the Info dictionary leaves the first one in
    the file's bytes; the copy is written afresh and keeps neither."""
    original = reportlab_pdf()
    writer = PdfWriter(io.BytesIO(original), incremental=True)
    writer.add_metadata({"/Author": "Someone Else"})
    buffer = io.BytesIO()
    writer.write(buffer)
    updated = buffer.getvalue()
    assert updated.startswith(original)
    assert AUTHOR.encode() in updated

    copy = without_metadata(updated)

    assert AUTHOR.encode() not in copy
    assert b"Someone Else" not in copy
    assert page_texts(copy) == page_texts(original)


def tagged_pdf() -> bytes:
    """A tagged letter, as a nominator might upload one: a heading, a paragraph on each of
    two pages, a figure, page numbers as artifacts."""
    tagger = Tagger()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=LETTER)
    page.setTitle(f"Letter by {AUTHOR}")
    page.setAuthor(AUTHOR)
    with tagger.tag(page, "H1"):
        page.drawString(72, 720, "Letter of support")
    with tagger.tag(page, "Figure", alt="The organization's logo"):
        page.rect(72, 600, 72, 72, fill=1)
    for text in PAGE_TEXT:
        with tagger.tag(page, "P"):
            page.drawString(72, 560, text)
        with tagger.artifact(page, "Pagination", subtype="Footer"):
            page.drawString(72, 36, f"Page {page.getPageNumber()}")
        page.showPage()
    page.save()
    return tagger.tagged(buffer.getvalue())


def test_without_metadata_keeps_the_structure_of_a_tagged_pdf():
    original = tagged_pdf()

    copy = PdfReader(io.BytesIO(without_metadata(original)))

    assert outline(copy) == outline(PdfReader(io.BytesIO(original)))
    assert outline(copy) == [
        ("H1", "Letter of support"),
        ("Figure", ""),
        ("P", PAGE_TEXT[0]),
        ("P", PAGE_TEXT[1]),
    ]
    # Only the title goes, with the Info dictionary it lives in.
    assert faults(copy) == ["no title"]
    assert copy.trailer["/Root"]["/Lang"] == "en-US"


def test_without_metadata_is_stable():
    once = without_metadata(reportlab_pdf())

    assert without_metadata(once) == once


@pytest.mark.parametrize(
    "data", [b"", b"not a pdf at all", b"%PDF-1.4\n% truncated\n"], ids=["empty", "text", "cut"]
)
def test_without_metadata_refuses_what_is_not_a_pdf(data):
    with pytest.raises(PdfMetadataError):
        without_metadata(data)
