"""PDF pieces every document shares: the embedded font and the metadata."""
