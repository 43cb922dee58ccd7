"""A tagged PDF read back with pypdf, as a screen reader would walk it: the structure tree
from the catalog, the marked content of every page with its text, and what the pages
show outside any tag or artifact. Used by the tests of core/pdf/tagging.py and of each
generated document."""

import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import BooleanObject, ContentStream, DictionaryObject, IndirectObject

SHOWS_TEXT = {b"Tj", b"TJ", b"'", b'"'}
PAINTS = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"sh", b"Do", b"INLINE IMAGE"}


@dataclass
class Node:
    """One structure element: its type, /Alt, object number, the marked-content sequences
    it holds as (page index, MCID), and its child elements in order."""

    kind: str
    alt: str
    number: int
    marks: list[tuple[int, int]] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    attributes: dict = field(default_factory=dict)
    actual_text: str = ""


@dataclass(frozen=True)
class Sequence:
    """A marked-content sequence that carries an MCID, as the page's content has it."""

    page: int
    tag: str
    mcid: int


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def _page_indexes(reader: PdfReader) -> dict[int, int]:
    return {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}


def structure(reader: PdfReader) -> Node:
    """The Document element, the structure tree root's one kid."""
    (document,) = reader.trailer["/Root"]["/StructTreeRoot"]["/K"]
    return _node(document, _page_indexes(reader))


def _node(ref: IndirectObject, pages: dict[int, int]) -> Node:
    element = ref.get_object()
    node = Node(
        kind=element["/S"][1:],
        alt=str(element.get("/Alt", "")),
        number=ref.idnum,
        attributes={key: str(value) for key, value in element.get("/A", {}).items()},
        actual_text=str(element.get("/ActualText", "")),
    )
    home = pages[element.raw_get("/Pg").idnum] if "/Pg" in element else None
    for kid in element["/K"]:
        if isinstance(kid, int):
            node.marks.append((home, kid))
        elif isinstance(kid.get_object(), DictionaryObject) and "/MCID" in kid.get_object():
            node.marks.append((pages[kid.raw_get("/Pg").idnum], kid["/MCID"]))
        else:
            node.children.append(_node(kid, pages))
    return node


def walk(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from walk(child)


def kinds(node: Node) -> list[str]:
    return [child.kind for child in node.children]


def page_content(reader: PdfReader) -> tuple[list[Sequence], dict[tuple[int, int], str]]:
    """Every sequence with an MCID, in page order, and the text of each, whitespace
    collapsed, keyed (page index, MCID)."""
    sequences, texts = [], {}
    for index, page in enumerate(reader.pages):
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"BDC" and "/MCID" in _properties(operands):
                sequences.append(Sequence(index, operands[0][1:], operands[1]["/MCID"]))
        open_ids: list = []

        def before(operator, operands, cm, tm, open_ids=open_ids):
            if operator in (b"BDC", b"BMC"):
                open_ids.append(_properties(operands).get("/MCID"))
            elif operator == b"EMC":
                open_ids.pop()

        def text(shown, cm, tm, font, size, open_ids=open_ids, index=index):
            if open_ids and open_ids[-1] is not None:
                key = (index, open_ids[-1])
                texts[key] = " ".join((texts.get(key, "") + " " + shown).split())

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return sequences, texts


def _properties(operands: list) -> dict:
    return operands[1] if len(operands) > 1 and isinstance(operands[1], dict) else {}


def untagged(reader: PdfReader) -> list[str]:
    """ "page N: operator" for each operator that shows text or paints outside any tagged
    sequence (one with an MCID) and any artifact, and for each tagged sequence nested in
    another or in an artifact."""
    found = []
    for index, page in enumerate(reader.pages):
        open_marks: list[str] = []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator in (b"BDC", b"BMC"):
                tagged = "/MCID" in _properties(operands)
                mark = "artifact" if operands[0] == "/Artifact" else "tag" if tagged else "other"
                if mark != "other" and any(m != "other" for m in open_marks):
                    found.append(f"page {index + 1}: {mark} nested in {open_marks}")
                open_marks.append(mark)
            elif operator == b"EMC":
                open_marks.pop()
            elif operator in SHOWS_TEXT | PAINTS and not set(open_marks) & {"tag", "artifact"}:
                found.append(f"page {index + 1}: {operator.decode()}")
    return found


def faults(reader: PdfReader) -> list[str]:
    """What keeps the file from being tagged PDF that a screen reader can follow: the
    catalog's flags, an MCID the tree and the pages do not agree on, a parent tree that
    points elsewhere, a figure without alternative text, untagged content."""
    catalog = reader.trailer["/Root"]
    found = []
    if not _true(catalog.get("/MarkInfo", {}).get("/Marked")):
        found.append("not marked")
    if not str(catalog.get("/Lang", "")):
        found.append("no language")
    if not _true(catalog.get("/ViewerPreferences", {}).get("/DisplayDocTitle")):
        found.append("title not displayed")
    if not reader.metadata or reader.metadata.title in (None, "", "untitled"):
        found.append("no title")
    if "/StructTreeRoot" not in catalog:
        return [*found, "no structure tree", *untagged(reader)]

    elements = list(walk(structure(reader)))
    in_tree = sorted((page, mcid, node.kind) for node in elements for page, mcid in node.marks)
    sequences, _ = page_content(reader)
    in_pages = sorted((s.page, s.mcid, s.tag) for s in sequences)
    if in_tree != in_pages:
        found.append(f"tree marks {in_tree} differ from page marks {in_pages}")
    if len(set(in_pages)) != len(in_pages):
        found.append("an MCID appears twice on a page")

    owner = {mark: node.number for node in elements for mark in node.marks}
    nums = catalog["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    parents = dict(zip(nums[::2], nums[1::2], strict=True))
    for index, page in enumerate(reader.pages):
        on_page = sorted(mcid for page_index, mcid in owner if page_index == index)
        if "/StructParents" not in page:
            found.append(f"page {index + 1} has no /StructParents")
            continue
        listed = [ref.idnum for ref in parents[page["/StructParents"]]]
        if listed != [owner[(index, mcid)] for mcid in on_page] or on_page != list(
            range(len(on_page))
        ):
            found.append(f"page {index + 1}: parent tree {listed} differs from the tree")
    found += [
        f"{node.kind} {node.number} has no alternative text"
        for node in elements
        if node.kind in ("Figure", "Formula") and not node.alt.strip()
    ]
    return found + untagged(reader)


def _true(value) -> bool:
    return isinstance(value, BooleanObject) and value.value is True


def outline(reader: PdfReader, node: Node | None = None) -> list[tuple[str, str]]:
    """(type, text) of each child of `node` (the Document by default), in reading order;
    an element's text is that of its sequences and its descendants', in order."""
    node = node or structure(reader)
    _, texts = page_content(reader)
    return [(child.kind, text_of(child, texts)) for child in node.children]


def text_of(node: Node, texts: dict[tuple[int, int], str]) -> str:
    parts = [texts.get(mark, "") for mark in node.marks]
    parts += [text_of(child, texts) for child in node.children]
    return " ".join(" ".join(parts).split())
