"""The selecting official's choice, checked before it is signed (no database)."""

from collections.abc import Sequence

from nominations.domain.citations import word_count

JUSTIFICATION_WORD_LIMIT = 1000


def choice_problems(
    *,
    cap: int,
    slate_ids: set[int],
    chosen_ids: Sequence[int],
    out_of_order: bool,
    justification: str,
) -> dict[str, list[str]]:
    """What is wrong with a choice before it is signed (the cap, the slate, the
    justification), by form field: the selection page checks it before showing the
    summary to sign, and `selection.services.selection.selection_decide` checks it again
    when signing."""
    problems: dict[str, list[str]] = {}
    justification = justification.strip()
    if not chosen_ids:
        problems.setdefault("selected", []).append("Select at least one nomination.")
    elif len(set(chosen_ids)) > cap:
        problems.setdefault("selected", []).append(
            f"Select no more than {cap}: the award cap is {cap}. You selected "
            f"{len(set(chosen_ids))}."
        )
    if set(chosen_ids) - slate_ids:
        problems.setdefault("selected", []).append("Select only nominations on this cycle's slate.")
    if out_of_order and not justification:
        problems.setdefault("justification", []).append(
            "Your selection departs from the panel's rank order: explain why."
        )
    elif word_count(justification) > JUSTIFICATION_WORD_LIMIT:
        problems.setdefault("justification", []).append(
            f"Shorten the justification to {JUSTIFICATION_WORD_LIMIT} words or fewer."
        )
    return problems


def normalized_name(name: str) -> str:
    """A name compared without regard to case or spacing."""
    return " ".join(name.split()).casefold()


def signatory_relation(*, signatory_name: str, account_name: str) -> str:
    """How the cycle's signatory (the name certificates and the memo print) relates to
    the account that signs the decision, which must type its own name:

    - "no_account_name": the account has no full name, so no typed name can match;
    - "no_signatory": the cycle (and its program) names no signatory;
    - "same": the account is the signatory, case and spacing aside;
    - "different": someone else signs (a delegate); allowed, and said on the page.
    """
    if not account_name.strip():
        return "no_account_name"
    if not signatory_name.strip():
        return "no_signatory"
    if normalized_name(signatory_name) == normalized_name(account_name):
        return "same"
    return "different"
