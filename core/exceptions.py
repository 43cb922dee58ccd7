"""Errors the workflow services raise. Each carries a `message` fit to show a person.

Views catch `WorkflowError` and show `message` (and `reasons`, for `TransitionBlocked`).
A service that raises has changed nothing: no state, no rows, no email, and no audit
event but the one "denied" event its refusal may write once it has rolled back
(`core.services.audit.refusal_audited`).
"""

from django.core.exceptions import ValidationError


class WorkflowError(Exception):
    """A workflow action could not happen. `message` says why, in plain words.

    `audited` is set once the refusal is on record as a denied audit event, so that a
    service calling another records it once.
    """

    audited = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotPermitted(WorkflowError):
    """The actor's role or relation to the object does not allow the action."""


class IllegalTransition(WorkflowError):
    """The object's current state does not allow the action at all."""


class TransitionBlocked(WorkflowError):
    """The state allows the action, but its conditions are not met yet.

    `reasons` lists them, as the model's `*_blockers()` method words them.
    """

    def __init__(self, message: str, *, reasons: list[str]) -> None:
        super().__init__(message)
        self.reasons = list(reasons)


class ConflictError(WorkflowError):
    """Someone else changed the object after it was read; nothing was saved."""


class InvalidInput(WorkflowError):
    """An argument is missing or malformed (an empty reason, a past due date, ...).

    `problems` lists each problem when there are several.
    """

    def __init__(self, message: str, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems) if problems else [message]


class InvalidValues(InvalidInput, ValidationError):
    """Values a form would refuse, refused by the service itself, for a caller that has
    no form (a command, a script, a test): it is the ValidationError a form raises, one
    error per problem with its code, and still an InvalidInput, so views show `message`
    and `problems` as for any other refusal.
    """

    def __init__(self, errors: list[ValidationError]) -> None:
        ValidationError.__init__(self, errors)
        self.problems = list(self)
        # A WorkflowError's `message`; with it, ValidationError needs `code` and `params`.
        self.message, self.code, self.params = self.problems[0], None, None


class InvalidUpload(InvalidInput):
    """An uploaded file was refused (not a PDF, too big, active content, flagged by the
    virus scanner); views show `message` next to the file field."""


class LimitReached(WorkflowError):
    """The account has done this as often as the site allows (see
    `nominations.services.limits`); views show `message` next to the form, and the service
    records the attempt as denied with `audit_data`. `limit` names the setting, `allowed`
    is its value."""

    def __init__(self, message: str, *, limit: str, allowed: int) -> None:
        super().__init__(message)
        self.limit = limit
        self.allowed = allowed

    @property
    def audit_data(self) -> dict:
        return {"limit": self.limit, "allowed": self.allowed}
