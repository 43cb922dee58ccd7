"""Surviving mutants that no test can kill, by mutmut name, with the reason: the mutant
behaves as the code does for every input its callers can give. mutation/run.py leaves
them out of the kill rate and prints the reason beside their diff in the report.

A mutant's name (`<module>.x_<function>__mutmut_<n>`) stays the same while its function
is unchanged; when the function changes, check each entry of it again.
"""

# Mutants that change only how many queries a predicate makes: the seat or user they
# drop is the one the predicate would load again.
_SAME_ROW_LOADED_AGAIN = (
    "passes no seat or user, so the predicate loads the same active seat or user again "
    "(one more query, the same verdict)"
)

_UNSCORED_LAST = (
    "another default score for a nomination without one: those sort after every scored "
    "one on the first key, and among themselves all have the default, so by id"
)
_MEAN_WITHOUT_SQUARES = (
    "another sum of squares in the tally a criterion's mean is taken from: the mean reads "
    "only the count and the total"
)
_SINK_NEVER_SOURCE = (
    "asks `<= 0` or `< 1` of the sink's level: only the source has level 0, and the sink "
    "is never the source"
)
_FLOW_TALLY = (
    "miscounts how much flow was added: the count only decides when to stop raising the "
    "level; raising it further once every giver is used adds no flow and changes no pair, "
    "and a level that adds nothing above every fixed load still stops the fill"
)
_NO_NOMINATION_NO_STRIDE = (
    "another default for the stride: it is the default only when there is no nomination, "
    "and then no nomination is rotated"
)
_SPARE_NODE = "one more node in the flow network, which no edge reaches"
_SINK_CAPACITY_SET_LATER = (
    "another first capacity for the edges into the sink: raise_to sets every one before "
    "the first maximum flow"
)
_REFILL_AT_ONE = (
    "`level >= 1`: also refills from level 1 when the start was level 1 already, and the "
    "same network built again gives the same flow"
)

_SAME_LENGTH = (
    "zip without strict=True: the loads are computed one per panelist, so the two lists "
    "always have the same length"
)

EQUIVALENT: dict[str, str] = {
    # -- CSV safety
    "core.csv_export.x_write_csv__mutmut_5": (
        'drops lineterminator="\\r\\n", which is already csv.writer\'s default'
    ),
    # -- uploads
    "core.uploads.x__raw_name_pattern__mutmut_4": (
        "the first hex digit of an ASCII letter is 4 to 7, a digit, whose lower and upper "
        "case are the same"
    ),
    "core.uploads.x_check_pdf_bytes__mutmut_11": (
        "PdfReader(strict=None) instead of False: pypdf only tests strict's truth"
    ),
    "core.uploads.x_check_pdf_bytes__mutmut_13": (
        "drops strict=False, which is already PdfReader's default"
    ),
    "core.uploads.x_sanitize_filename__mutmut_53": (
        "0 <= len(extension) instead of 0 <: an empty extension after a dot would be a "
        "name ending in a dot, which the strip of spaces and dots just before removed"
    ),
    "core.uploads.x__all_objects__mutmut_10": (
        "IndirectObject(number, generation, None): PdfReader.get_object reads only the "
        "reference's number and generation, never the document it names"
    ),
    "core.uploads.x__problem_in__mutmut_12": (
        "inspects a value even when it is a reference: an IndirectObject is no dictionary, "
        "array or name, so _problem_in finds nothing in it either way"
    ),
    "core.uploads.x__trailing_data__mutmut_21": (
        "max(1, …) instead of max(0, …): differs only for a ZIP end record at byte 0, where "
        "every file checked has %PDF- (check_pdf_bytes refuses any other start first)"
    ),
    "core.uploads.x__trailing_data__mutmut_32": (
        "rfind instead of find: either is >= 0 exactly when the record is there"
    ),
    "core.uploads.x__trailing_data__mutmut_33": (
        "find(...) > 0 instead of >= 0: differs only for a ZIP end record at byte 0, where "
        "every file checked has %PDF- (check_pdf_bytes refuses any other start first)"
    ),
    "core.uploads.x__trailing_data__mutmut_34": (
        "find(...) >= 1 instead of >= 0: differs only for a ZIP end record at byte 0, where "
        "every file checked has %PDF- (check_pdf_bytes refuses any other start first)"
    ),
    # -- the transition runner
    "core.transitions.x__check_and_apply__mutmut_13": (
        "check_conditions=None instead of False: can_proceed only tests its truth"
    ),
    "core.transitions.x__save_changes__mutmut_7": (
        'adds "updated_at" to every save even for a model without it: the runner moves '
        "cycles and nominations, which both have it"
    ),
    # -- the assignment planner
    "reviews.domain.assignments.x_plan_balanced_assignment__mutmut_87": (
        "max(2, …) instead of max(1, …) for the rotation's width: differs only with one "
        "panelist, where each nomination has at most one panelist to put in order"
    ),
    "reviews.domain.assignments.x_plan_balanced_assignment__mutmut_218": _SAME_LENGTH,
    "reviews.domain.assignments.x_plan_balanced_assignment__mutmut_221": _SAME_LENGTH,
    "reviews.domain.assignments.x_plan_balanced_assignment__mutmut_222": _SAME_LENGTH,
    # -- the audit chain
    "core.services.audit.x__lock_chain__mutmut_9": (
        "the SQL in lower case: PostgreSQL reads its keywords and function names alike"
    ),
    "core.models.xǁAuditEventǁcanonical_content__mutmut_37": (
        "ensure_ascii=None instead of False: json.dumps only tests its truth"
    ),
    # -- permission predicates
    "reviews.rules.x_can_open_nomination__mutmut_27": _SAME_ROW_LOADED_AGAIN,
    "reviews.rules.x_can_open_nomination__mutmut_30": _SAME_ROW_LOADED_AGAIN,
    "reviews.rules.x_can_score__mutmut_4": _SAME_ROW_LOADED_AGAIN,
    "reviews.rules.x_can_score__mutmut_7": _SAME_ROW_LOADED_AGAIN,
    "reviews.rules.x_can_submit_review__mutmut_12": (
        _SAME_ROW_LOADED_AGAIN + "; the review's seat was checked to be the user's active "
        "seat of the nomination's panel just before"
    ),
    "reviews.rules.x_can_submit_review__mutmut_15": (
        _SAME_ROW_LOADED_AGAIN + "; the review's seat was checked to be the user's active "
        "seat of the nomination's panel just before"
    ),
    "reviews.rules.x_why_cannot_score__mutmut_14": (
        _SAME_ROW_LOADED_AGAIN + "; only a seat of another cycle's panel, which no caller "
        "passes, would change the reason's wording (never the verdict)"
    ),
    "reviews.rules.x_why_cannot_score__mutmut_17": (
        _SAME_ROW_LOADED_AGAIN + "; only a seat of another cycle's panel, which no caller "
        "passes, would change the reason's wording (never the verdict)"
    ),
    "nominations.rules.x_can_change_certificate_signature__mutmut_3": (
        "passes no cycle to can_manage_cycle, which reads only the user's role (staff manage "
        "every cycle)"
    ),
    "reviews.rules.x_seat_for__mutmut_3": (
        'select_related(None) instead of "panel": the same seat, its panel read on demand'
    ),
    # -- transition guards
    "nominations.models.cycle.xǁCycleǁannounce_blockers__mutmut_14": (
        "select_related(None) instead of the nominee: the same nominees, read one by one"
    ),
    "nominations.models.cycle.xǁCycleǁstart_review_blockers__mutmut_12": (
        '`reference or "XXXX"`: a nomination being vetted always has its reference (given '
        "on submit)"
    ),
    # -- reference numbers
    "nominations.services.nomination.x_nomination_submit__mutmut_42": (
        "audit_refusal=None instead of False: run_transition only tests its truth"
    ),
    # -- the award paragraph
    "selection.domain.press_statement.x_paragraphs__mutmut_14": (
        'replaces nothing instead of "\\r\\n": the blank-line split (\\n\\s*\\n) and the '
        "whitespace join treat the \\r as space anyway"
    ),
    "selection.domain.press_statement.x_presenter_in_third_person__mutmut_38": (
        "drops maxsplit=1 before taking [0]: the first part is the same"
    ),
    "selection.domain.press_statement.x_presenter_in_third_person__mutmut_41": (
        "maxsplit=2 before taking [0]: the first part is the same"
    ),
    "selection.domain.press_statement.x_presenter_in_third_person__mutmut_53": (
        "the pattern in capitals, matched with re.IGNORECASE"
    ),
    "selection.domain.press_statement.x__counted__mutmut_13": (
        '"XXaeiouXX" for the vowels: a nominee kind is "individual" or "organization", '
        "never a word starting with X"
    ),
    # -- citations
    "nominations.domain.sentences.x_sentence_ends__mutmut_42": (
        '`mark in "XX!?XX"`: the mark is one or more of . ! ? \u2026 (the pattern\'s '
        "group), never an X"
    ),
    "nominations.domain.sentences.x__opens_a_sentence__mutmut_4": (
        'also strips "X" from the word\'s ends: no sentence opener begins or ends with x'
    ),
    "nominations.domain.sentences.x_ends_with_abbreviation__mutmut_2": (
        "lstrip() instead of rstrip() before split(), which drops the spaces either way"
    ),
    "nominations.domain.sentences.x_ends_with_abbreviation__mutmut_4": (
        '`text or "XXXX"`: "XXXX" has no final period, so the answer is False as for ""'
    ),
    # -- scoring
    "reviews.domain.scoring.x_results_from_tallies__mutmut_27": _UNSCORED_LAST,
    "reviews.domain.scoring.x_results_from_tallies__mutmut_29": _UNSCORED_LAST,
    "reviews.domain.scoring.x_results_from_tallies__mutmut_30": _UNSCORED_LAST,
    "reviews.domain.scoring.xǁPanelFiguresǁresult__mutmut_75": _MEAN_WITHOUT_SQUARES,
    "reviews.domain.scoring.xǁPanelFiguresǁresult__mutmut_79": _MEAN_WITHOUT_SQUARES,
    # -- the assignment planner: its maximum flow (Dinic's) and the level-by-level fill
    "reviews.domain.assignments.xǁ_FlowNetworkǁmax_flow__mutmut_6": _SINK_NEVER_SOURCE,
    "reviews.domain.assignments.xǁ_FlowNetworkǁmax_flow__mutmut_7": _SINK_NEVER_SOURCE,
    "reviews.domain.assignments.xǁ_FlowNetworkǁmax_flow__mutmut_21": _FLOW_TALLY,
    "reviews.domain.assignments.xǁ_FlowNetworkǁmax_flow__mutmut_22": _FLOW_TALLY,
    "reviews.domain.assignments.xǁ_FlowNetworkǁ_levels__mutmut_4": (
        "marks unreached nodes -2 instead of -1: only `< 0` is ever asked of them"
    ),
    "reviews.domain.assignments.xǁ_FlowNetworkǁ_levels__mutmut_6": (
        "numbers the levels from 1 instead of 0: only differences of one and `< 0` are asked"
    ),
    "reviews.domain.assignments.x_plan_balanced_assignment__mutmut_79": _NO_NOMINATION_NO_STRIDE,
    "reviews.domain.assignments.x_plan_balanced_assignment__mutmut_82": _NO_NOMINATION_NO_STRIDE,
    "reviews.domain.assignments.x__water_fill__mutmut_13": _SPARE_NODE,
    "reviews.domain.assignments.x__water_fill__mutmut_17": _SPARE_NODE,
    "reviews.domain.assignments.x__water_fill__mutmut_44": _SINK_CAPACITY_SET_LATER,
    "reviews.domain.assignments.x__water_fill__mutmut_51": _SINK_CAPACITY_SET_LATER,
    "reviews.domain.assignments.x__water_fill__mutmut_76": _REFILL_AT_ONE,
    "reviews.domain.assignments.x__water_fill__mutmut_96": _FLOW_TALLY,
    "reviews.domain.assignments.x__water_fill__mutmut_107": _FLOW_TALLY,
    "reviews.domain.assignments.x__water_fill__mutmut_108": _FLOW_TALLY,
}
