"""Tagged PDF with reportlab as the renderer: a logical structure, its reading order, the
language, the title in the window bar and alternative text for figures (PDF 32000-1, 14.7
and 14.8), which a screen reader reads instead of guessing from where the glyphs sit.

Reportlab draws every page as before. While it draws, a `Tagger` puts each block inside
a marked-content sequence of its own (`/P <</MCID 3>> BDC` ... `EMC`, written with
reportlab's public `canvas.addLiteral`) and everything else (rules, borders, page
numbers, table grid lines) inside an artifact (`/Artifact <</Type /Pagination>> BDC`),
and records which structure element each sequence belongs to. Once reportlab has
written the file, `Tagger.tagged(pdf)` adds what reportlab cannot write, with pypdf: the
structure tree (StructTreeRoot, a Document element and its children in reading order,
/Alt on figures, /Scope on table headers), the ParentTree that maps every page's
sequences back to their elements, /StructParents on each page, /MarkInfo
<</Marked true>>, /Lang and /ViewerPreferences <</DisplayDocTitle true>>. The title is
the one the document already set (reportlab's Info /Title); a document without one
(reportlab then writes "untitled") is refused, since a screen reader would announce that
or the file name instead.

Reading order is the order in which elements are created: in a platypus document the
order of the story, in a canvas-drawn one the order of the `tag` calls.

A canvas-drawn document (a certificate):

    tagger = Tagger(lang="en-US")
    canvas = Canvas(buffer, lang="en-US")
    canvas.setTitle(title)
    with tagger.artifact(canvas):
        draw_border(canvas)
    with tagger.tag(canvas, "H1"):
        name_paragraph.drawOn(canvas, x, y)
    with tagger.tag(canvas, "Figure", alt=f"QR code: {verification_url}"):
        qr_drawing.drawOn(canvas, x, y)
    canvas.showPage()
    canvas.save()
    return tagger.tagged(buffer.getvalue())

A platypus document (a memo):

    tagger = Tagger()
    story = [
        tagger.flowable(Paragraph("Decision memo", title_style), "H1"),
        tagger.decoration(HRFlowable(width="100%")),
        tagger.flowable(Paragraph("The ranked slate", heading_style), "H2"),
        tagger.table([header, *rows], header_rows=1, colWidths=widths, repeatRows=1),
        *tagger.bulleted_list(item_paragraphs, font_name=REGULAR, font_size=11),
    ]
    with tagger.group("Sect"):
        story.append(tagger.flowable(Paragraph(text, body_style), "P"))

    def number_pages(canvas, doc):
        with tagger.artifact(canvas, "Pagination", subtype="Footer"):
            canvas.drawRightString(x, y, f"page {doc.page}")

    document.build(story, onFirstPage=number_pages, onLaterPages=number_pages)
    return tagger.tagged(buffer.getvalue())

The API:
- `Tagger(lang="en-US")`: one per document, the Document element at its root.
- `tagger.tag(canvas, kind, alt="")`: a context manager; what is drawn inside is one
  element of `kind` (H1, P, Figure, ...) under the current group.
- `tagger.group(kind)`: a context manager; the elements created inside (by `tag`,
  `flowable`, `table`, `bulleted_list`) become children of one `kind` element (Sect, L,
  Div, ...). Groups hold no content of their own.
- `tagger.artifact(canvas, kind="Layout", subtype="")`: a context manager; what is drawn
  inside is decoration a screen reader skips. `kind` is Layout (rules, borders),
  Pagination (page numbers, running heads; `subtype` Header, Footer or Watermark) or
  Page (crop marks).
- `tagger.flowable(flowable, kind, alt="")`: the flowable as one element; when platypus
  splits it across pages, every piece belongs to that one element.
- `tagger.decoration(flowable)`: the flowable drawn as a Layout artifact.
- `tagger.table(data, header_rows=1, header_columns=0, **options)`: a reportlab `Table`
  tagged Table → TR → TH/TD, the first `header_rows` rows as column headers and the first
  `header_columns` cells of the other rows as row headers; rows repeated at the top of
  a continued page are artifacts. Cells hold text or untagged flowables.
- `tagger.bulleted_list(items, font_name, font_size, indent=18, bullet="•")`: one
  flowable per item, tagged L → LI → Lbl (the bullet) and LBody (the item).
- `tagger.element(kind, alt="")` and `tagger.marked(canvas, element)`: the two steps
  `tag` takes, apart, for an element drawn in several places (a block of the certificate
  drawn in two calls): make it once, mark each place.
- `tagger.tagged(pdf)`: the finished PDF's bytes with the structure written in.

Figures and formulas need `alt`; a kind PDF does not define, marked content nested in
other marked content, and a document without a title raise `TaggingError`.
"""

import io
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.platypus import Flowable, Table

# The standard structure types of PDF 32000-1, 14.8.4, which every reader knows without
# a role map.
STRUCTURE_TYPES = frozenset(
    ("Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "NonStruct", "Private")
    + ("TOC", "TOCI", "Index", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6")
    + ("L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot")
    + ("Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot")
    + ("Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form")
)
NEEDS_ALT = frozenset({"Figure", "Formula"})
ARTIFACT_KINDS = frozenset({"Layout", "Pagination", "Page"})
ARTIFACT_SUBTYPES = frozenset({"", "Header", "Footer", "Watermark"})
# What reportlab writes as /Title when the document sets none.
REPORTLAB_PLACEHOLDER_TITLE = "untitled"


class TaggingError(ValueError):
    """The structure asked for cannot be written as tagged PDF."""


@dataclass(frozen=True)
class Mark:
    """One marked-content sequence: its page (1-based, as reportlab counts) and MCID."""

    page: int
    mcid: int


@dataclass(eq=False)
class Element:
    """A structure element: its type, its parent, and its kids in reading order, which
    are elements or marked-content sequences."""

    kind: str
    parent: "Element | None"
    alt: str = ""
    scope: str = ""  # a table header's /Scope: Column or Row
    # The element's text with the spaces reportlab leaves out where a line wraps, so a
    # screen reader does not read "Extraordinary⏎Efforts" as one word (/ActualText).
    actual_text: str = ""
    kids: list["Element | Mark"] = field(default_factory=list)

    def has_content(self) -> bool:
        return any(isinstance(kid, Mark) or kid.has_content() for kid in self.kids)


class Tagger:
    """The logical structure of one PDF, recorded while reportlab draws it (see the
    module's doc)."""

    def __init__(self, *, lang: str = "en-US"):
        self.lang = lang
        self.document = Element("Document", None)
        self._parents = [self.document]
        self._next_mcid: defaultdict[int, int] = defaultdict(int)
        self._owners: dict[Mark, Element] = {}
        self._open: str = ""  # what the canvas is inside: "" or a description

    # -- building the structure ---------------------------------------------------------

    def element(
        self, kind: str, *, alt: str = "", scope: str = "", parent: Element | None = None
    ) -> Element:
        """A new element of `kind`, the last child of `parent` or else of the current
        group."""
        if kind not in STRUCTURE_TYPES:
            raise TaggingError(f"{kind!r} is not a standard structure type")
        if kind in NEEDS_ALT and not alt.strip():
            raise TaggingError(f"A {kind} needs alternative text")
        parent = parent or self._parents[-1]
        element = Element(kind, parent, alt=alt.strip(), scope=scope)
        parent.kids.append(element)
        return element

    @contextmanager
    def group(self, kind: str) -> Iterator[Element]:
        """The elements created inside become the children of one `kind` element."""
        element = self.element(kind)
        self._parents.append(element)
        try:
            yield element
        finally:
            self._parents.pop()

    # -- drawing on a canvas ------------------------------------------------------------

    @contextmanager
    def tag(self, canvas, kind: str, *, alt: str = "", text: str = "") -> Iterator[Element]:
        """What is drawn inside is one element of `kind` under the current group; `text`,
        when given, is its /ActualText (a wrapped paragraph's words with their spaces)."""
        element = self.element(kind, alt=alt)
        element.actual_text = " ".join(text.split())
        with self.marked(canvas, element):
            yield element

    @contextmanager
    def marked(self, canvas, element: Element) -> Iterator[Mark]:
        """What is drawn inside is one more marked-content sequence of `element`, on the
        canvas's current page."""
        self._enter(f"{element.kind} content")
        page = canvas.getPageNumber()
        mark = Mark(page, self._next_mcid[page])
        self._next_mcid[page] += 1
        element.kids.append(mark)
        self._owners[mark] = element
        canvas.addLiteral(f"/{element.kind} <</MCID {mark.mcid}>> BDC")
        try:
            yield mark
        finally:
            canvas.addLiteral("EMC")
            self._open = ""

    @contextmanager
    def artifact(self, canvas, kind: str = "Layout", *, subtype: str = "") -> Iterator[None]:
        """What is drawn inside is decoration: no element, and skipped by a screen reader."""
        if kind not in ARTIFACT_KINDS or subtype not in ARTIFACT_SUBTYPES:
            raise TaggingError(f"No artifact of kind {kind!r} and subtype {subtype!r}")
        self._enter("an artifact")
        properties = f"/Type /{kind}" + (f" /Subtype /{subtype}" if subtype else "")
        canvas.addLiteral(f"/Artifact <<{properties}>> BDC")
        try:
            yield
        finally:
            canvas.addLiteral("EMC")
            self._open = ""

    def _enter(self, what: str) -> None:
        # A sequence inside another would belong to two elements, or be content inside
        # an artifact; neither is tagged PDF.
        if self._open:
            raise TaggingError(f"Cannot mark {what} inside {self._open}")
        self._open = what

    # -- platypus -----------------------------------------------------------------------

    def flowable(self, content: Flowable, kind: str, *, alt: str = "") -> Flowable:
        """`content` as one element of `kind`, every piece of it if it is split. A
        paragraph's text is the element's /ActualText, with its spaces at line ends."""
        element = self.element(kind, alt=alt)
        element.actual_text = paragraph_text(content)
        return MarkedFlowable(content, lambda canvas: self.marked(canvas, element))

    def decoration(self, content: Flowable) -> Flowable:
        """`content` (a rule, a border) drawn as a Layout artifact."""
        return MarkedFlowable(content, lambda canvas: self.artifact(canvas))

    def table(
        self,
        data: Sequence[Sequence],
        *,
        header_rows: int = 1,
        header_columns: int = 0,
        **options,
    ) -> Table:
        """A reportlab Table of `data` tagged Table → TR → TH/TD (see the module's doc):
        the first `header_rows` rows are column headers, the first `header_columns` cells
        of every other row are row headers ("TO:" before the addressee). `options` are
        Table's own."""
        element = self.element("Table")
        marks = TableMarks(self, element, header_rows, header_columns)
        return Table(data, renderCB=marks, **options)

    def bulleted_list(
        self,
        items: Sequence[Flowable],
        *,
        font_name: str,
        font_size: float,
        indent: float = 18,
        bullet: str = "\u2022",
    ) -> list[Flowable]:
        """One flowable per item, the bullet in the indent, tagged L → LI → Lbl, LBody."""
        label = ListLabel(bullet, font_name, font_size, indent)
        flowables = []
        with self.group("L"):
            for item in items:
                with self.group("LI"):
                    flowables.append(
                        ListItemFlowable(
                            item,
                            tagger=self,
                            label=label,
                            label_element=self.element("Lbl"),
                            body_element=self.element("LBody"),
                        )
                    )
        return flowables

    # -- writing the structure into the file --------------------------------------------

    def tagged(self, pdf: bytes) -> bytes:
        """`pdf`, which reportlab drew through this tagger, with its structure tree,
        parent tree, language, marked flag and title display written in."""
        if self._open:
            raise TaggingError(f"The document ends inside {self._open}")
        reader = PdfReader(io.BytesIO(pdf))
        title = str((reader.metadata or {}).get("/Title") or "").strip()
        if title in ("", REPORTLAB_PLACEHOLDER_TITLE):
            raise TaggingError("An accessible PDF needs a title: set it before tagging")
        writer = PdfWriter(clone_from=reader)
        pages = [page.indirect_reference for page in writer.pages]
        if self._next_mcid and max(self._next_mcid) > len(pages):
            raise TaggingError("Content was marked on a page the PDF does not have")

        root = writer._add_object(DictionaryObject())
        refs: dict[int, IndirectObject] = {}
        document = self._write(writer, self.document, root, pages, refs)
        parent_tree = DictionaryObject({NameObject("/Nums"): ArrayObject()})
        for index in range(len(pages)):
            owners = [
                refs[id(self._owners[Mark(index + 1, mcid)])]
                for mcid in range(self._next_mcid[index + 1])
            ]
            parent_tree["/Nums"].extend([NumberObject(index), ArrayObject(owners)])
            page = writer.pages[index]
            page[NameObject("/StructParents")] = NumberObject(index)
            page[NameObject("/Tabs")] = NameObject("/S")
        root.get_object().update(
            {
                NameObject("/Type"): NameObject("/StructTreeRoot"),
                NameObject("/K"): ArrayObject([document]),
                NameObject("/ParentTree"): writer._add_object(parent_tree),
                NameObject("/ParentTreeNextKey"): NumberObject(len(pages)),
            }
        )

        catalog = writer.root_object
        catalog[NameObject("/StructTreeRoot")] = root
        catalog[NameObject("/MarkInfo")] = DictionaryObject(
            {NameObject("/Marked"): BooleanObject(True)}
        )
        catalog[NameObject("/Lang")] = TextStringObject(self.lang)
        preferences = catalog.get("/ViewerPreferences")
        preferences = preferences.get_object() if preferences else DictionaryObject()
        preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
        catalog[NameObject("/ViewerPreferences")] = preferences

        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()

    def _write(
        self,
        writer: PdfWriter,
        element: Element,
        parent: IndirectObject,
        pages: list[IndirectObject],
        refs: dict[int, IndirectObject],
    ) -> IndirectObject:
        """The element's dictionary, written with those of its kids that have content."""
        ref = writer._add_object(DictionaryObject())
        refs[id(element)] = ref
        entry = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject(f"/{element.kind}"),
                NameObject("/P"): parent,
            }
        )
        marks = [kid for kid in element.kids if isinstance(kid, Mark)]
        home = marks[0].page if marks else 0
        if home:
            entry[NameObject("/Pg")] = pages[home - 1]
        kids = ArrayObject()
        for kid in element.kids:
            if isinstance(kid, Element):
                if kid.has_content():
                    kids.append(self._write(writer, kid, ref, pages, refs))
            elif kid.page == home:
                kids.append(NumberObject(kid.mcid))
            else:
                kids.append(
                    DictionaryObject(
                        {
                            NameObject("/Type"): NameObject("/MCR"),
                            NameObject("/Pg"): pages[kid.page - 1],
                            NameObject("/MCID"): NumberObject(kid.mcid),
                        }
                    )
                )
        entry[NameObject("/K")] = kids
        if element.alt:
            entry[NameObject("/Alt")] = TextStringObject(element.alt)
        if element.actual_text:
            entry[NameObject("/ActualText")] = TextStringObject(element.actual_text)
        if element.scope:
            entry[NameObject("/A")] = DictionaryObject(
                {
                    NameObject("/O"): NameObject("/Table"),
                    NameObject("/Scope"): NameObject(f"/{element.scope}"),
                }
            )
        ref.get_object().update(entry)
        return ref


def paragraph_text(content) -> str:
    """A reportlab Paragraph's words as read, markup and entities resolved; "" for any
    other flowable."""
    plain = getattr(content, "getPlainText", None)
    return " ".join(plain().split()) if callable(plain) else ""


class MarkedFlowable(Flowable):
    """A flowable drawn inside the context `marking(canvas)` opens, on every page a
    piece of it lands on; everything else (size, splitting, spacing) is the wrapped
    flowable's, as in reportlab's own DDIndenter."""

    _own = frozenset({"_content", "_marking"})

    def __init__(self, content: Flowable, marking: Callable[..., AbstractContextManager]):
        self.__dict__["_content"] = content
        self.__dict__["_marking"] = marking

    def wrap(self, available_width, available_height):
        return self._content.wrap(available_width, available_height)

    def wrapOn(self, canvas, available_width, available_height):
        return self._content.wrapOn(canvas, available_width, available_height)

    def split(self, available_width, available_height):
        pieces = self._content.split(available_width, available_height)
        return [MarkedFlowable(piece, self._marking) for piece in pieces]

    def splitOn(self, canvas, available_width, available_height):
        pieces = self._content.splitOn(canvas, available_width, available_height)
        return [MarkedFlowable(piece, self._marking) for piece in pieces]

    def drawOn(self, canvas, x, y, _sW=0):
        with self._marking(canvas):
            self._content.drawOn(canvas, x, y, _sW)

    def identity(self, maxLen=None):
        return f"MarkedFlowable containing {self._content.identity(maxLen)}"

    def __getattr__(self, name):
        if name.startswith("__") or name in self._own:
            raise AttributeError(name)
        return getattr(self._content, name)

    def __setattr__(self, name, value):
        setattr(self._content, name, value)

    def __delattr__(self, name):
        delattr(self._content, name)


@dataclass(frozen=True)
class ListLabel:
    """A list's bullet: the text, its face and size, and the indent it sits in."""

    text: str
    font_name: str
    font_size: float
    indent: float


class ListItemFlowable(Flowable):
    """One list item: the bullet in the indent, level with the item's first line, and
    the item beside it. Split across pages, the bullet stays with the first piece."""

    def __init__(
        self,
        body: Flowable,
        *,
        tagger: Tagger,
        label: ListLabel,
        label_element: Element,
        body_element: Element,
        first: bool = True,
    ):
        super().__init__()
        self.body = body
        self.tagger = tagger
        self.label = label
        self.label_element = label_element
        self.body_element = body_element
        self.first = first

    def _piece(self, body: Flowable, *, first: bool) -> "ListItemFlowable":
        return ListItemFlowable(
            body,
            tagger=self.tagger,
            label=self.label,
            label_element=self.label_element,
            body_element=self.body_element,
            first=first,
        )

    def wrap(self, available_width, available_height):
        _, self.height = self.body.wrap(available_width - self.label.indent, available_height)
        self.width = available_width
        return self.width, self.height

    def split(self, available_width, available_height):
        pieces = self.body.split(available_width - self.label.indent, available_height)
        return [
            self._piece(piece, first=self.first and index == 0)
            for index, piece in enumerate(pieces)
        ]

    def getSpaceBefore(self):
        return self.body.getSpaceBefore()

    def getSpaceAfter(self):
        return self.body.getSpaceAfter()

    def drawOn(self, canvas, x, y, _sW=0):
        label = self.label
        if self.first:
            with self.tagger.marked(canvas, self.label_element):
                canvas.saveState()
                canvas.setFont(label.font_name, label.font_size)
                canvas.drawString(x, y + self.height - label.font_size, label.text)
                canvas.restoreState()
        with self.tagger.marked(canvas, self.body_element):
            self.body.drawOn(canvas, x + label.indent, y)


class TableMarks:
    """The `renderCB` of a tagged Table: reportlab calls it around the background, each
    row, each cell and the grid lines of every piece of the table it draws. A sequence
    opens in one call and closes in a later one, so the contexts are entered and left
    by hand."""

    def __init__(self, tagger: Tagger, table: Element, header_rows: int, header_columns: int):
        self.tagger = tagger
        self.table = table
        self.header_rows = header_rows
        self.header_columns = header_columns
        self.rows_drawn = 0  # of the whole table, over every piece drawn so far
        self.repeated = 0  # header rows repeated at the top of the piece being drawn
        self.row: Element | None = None
        self.cell: AbstractContextManager | None = None
        self.decoration: AbstractContextManager | None = None

    def __call__(self, table: Table, event: str, *args) -> None:
        canvas = table.canv
        if event == "startTable":
            # A piece after the first starts with the header rows again (repeatRows).
            self.repeated = table.repeatRows if self.rows_drawn else 0
            self._decorate(canvas)
        elif event == "startLines":
            self._decorate(canvas)
        elif event in ("endBG", "endLines"):
            self._end_decoration()
        elif event == "startRow":
            row_number = args[0]
            if row_number < self.repeated:
                self._decorate(canvas, "Pagination")
                self.row = None
            else:
                # Rows and cells are made while the table is drawn, long after the story
                # was built, so they name their parent rather than take the current group.
                self.row = self.tagger.element("TR", parent=self.table)
                self.rows_drawn += 1
        elif event == "endRow":
            self._end_decoration()
        elif event == "startCell" and self.row is not None:
            column = args[1]
            if self.rows_drawn <= self.header_rows:
                kind, scope = "TH", "Column"
            elif column < self.header_columns:
                kind, scope = "TH", "Row"
            else:
                kind, scope = "TD", ""
            cell = self.tagger.element(kind, scope=scope, parent=self.row)
            self.cell = self.tagger.marked(canvas, cell)
            self.cell.__enter__()
        elif event == "endCell" and self.cell is not None:
            self.cell.__exit__(None, None, None)
            self.cell = None

    def _decorate(self, canvas, kind: str = "Layout") -> None:
        self.decoration = self.tagger.artifact(canvas, kind)
        self.decoration.__enter__()

    def _end_decoration(self) -> None:
        if self.decoration is not None:
            self.decoration.__exit__(None, None, None)
            self.decoration = None
