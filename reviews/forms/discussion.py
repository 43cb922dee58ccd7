"""The discussion's comment form (adding and editing)."""

from django import forms

from reviews.services.discussion import MAX_COMMENT_LENGTH


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write a comment before you post it."},
    )


def comment_edit_form(*args, **kwargs) -> CommentForm:
    """The edit form: its own ids, so it can sit on the page beside the add form."""
    form = CommentForm(*args, auto_id="comment-edit-%s", **kwargs)
    form.fields["body"].label = "Your comment"
    return form
