"""The results table's sort: a GET form that validates and cleans, nothing more."""

from django import forms

from reviews.selectors.results import SORT_KEYS

SORT_LABELS = {
    "rank": "Rank",
    "score": "Score",
    "percentile": "Percentile",
    "sd": "SD",
    "reviews": "Reviews",
    "reference": "Reference",
    "nominee": "Nominee",
}
DIRECTIONS = [("asc", "Ascending"), ("desc", "Descending")]
DEFAULT_SORT = "rank"


class ResultsSortForm(forms.Form):
    sort = forms.ChoiceField(required=False, choices=[(key, SORT_LABELS[key]) for key in SORT_KEYS])
    dir = forms.ChoiceField(required=False, choices=DIRECTIONS)

    def choice(self) -> tuple[str, str]:
        """(column, direction); an unknown value falls back to rank order, ascending."""
        self.is_valid()  # an invalid field is dropped from cleaned_data; the other stays
        cleaned = self.cleaned_data
        sort = cleaned.get("sort") or DEFAULT_SORT
        direction = cleaned.get("dir") or "asc"
        return sort, direction

    @staticmethod
    def columns(sort: str, direction: str) -> dict[str, dict]:
        """Each sortable column's header: its label, the link that sorts by it (the active
        column's link reverses it) and its aria-sort value (only on the active column)."""
        headers = {}
        for key in SORT_KEYS:
            active = key == sort
            next_direction = "desc" if active and direction == "asc" else "asc"
            headers[key] = {
                "key": key,
                "label": SORT_LABELS[key],
                "query": f"?sort={key}&dir={next_direction}",
                "aria_sort": ("ascending" if direction == "asc" else "descending")
                if active
                else "",
                "next": "descending" if next_direction == "desc" else "ascending",
            }
        return headers
