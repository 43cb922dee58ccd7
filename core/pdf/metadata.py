"""A copy of a PDF without the metadata that says who made it. Pure: bytes in, bytes out.

Removed:
- the document information dictionary (trailer /Info: /Author, /Title, /Subject,
  /Keywords, /Creator, /Producer, the dates);
- every XMP metadata stream: the catalog's /Metadata and any other dictionary's (pages,
  images, fonts) — XMP repeats the author (dc:creator), the tools and the history;
- every /PieceInfo dictionary (the private data an authoring application keeps);
- the author (/T) of review annotations such as comments and highlights; a form field's
  /T is its name, not an author, and stays.

The copy is written afresh from the document's catalog, so only what the pages reach is
kept: earlier revisions of an incrementally updated file, and the metadata objects
unlinked above, are left behind. What the pages show is unchanged, names included.
"""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

METADATA_KEYS = ("/Metadata", "/PieceInfo")
# Annotations whose /T is the author's name (PDF 32000-1, 12.5.6.2, markup annotations).
FIELD_ANNOTATIONS = ("/Widget",)


class PdfMetadataError(ValueError):
    """The bytes are not a PDF this module can rewrite."""


def without_metadata(data: bytes) -> bytes:
    """The PDF `data` rewritten without its document metadata (see the module's doc).

    Raises PdfMetadataError when pypdf cannot read or rewrite it.
    """
    try:
        first = _rewritten(data, strip=True)
        # The second pass keeps only what the catalog still reaches, so the unlinked
        # metadata streams are not written at all.
        return _rewritten(first, strip=False)
    except Exception as error:  # pypdf raises many kinds of error on a malformed file.
        raise PdfMetadataError(f"{type(error).__name__}: {error}") from error


def _rewritten(data: bytes, *, strip: bool) -> bytes:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise PdfMetadataError("encrypted")
    writer = PdfWriter()
    writer.clone_reader_document_root(reader)  # the catalog and all it reaches; no /Info
    writer.metadata = None
    if strip:
        _strip(writer.root_object, seen=set())
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _strip(obj, *, seen: set[int]) -> None:
    """Remove the metadata keys from every dictionary reachable from `obj`."""
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for key in METADATA_KEYS:
                if key in item:
                    del item[key]
            if _is_markup_annotation(item) and "/T" in item:
                del item["/T"]
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _is_markup_annotation(item: DictionaryObject) -> bool:
    """An annotation (it has a /Rect and a /Subtype) other than a form field's widget."""
    return "/Rect" in item and item.get("/Subtype") not in (None, *FIELD_ANNOTATIONS)
