"""PDF builders: pure functions `render_x(data) -> bytes` (STYLE.md rule 13)."""
