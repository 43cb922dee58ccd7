"""The discussion of a nomination among staff and its non-conflicted panel.

It is shown on the scoring page. Adding a comment answers htmx with the refreshed
`_discussion.html` and everyone else with a redirect back to it; editing swaps one
comment for its form and back (htmx) or uses a page of its own. Anyone who may not open
the nomination (a conflicted panelist, among others) is refused with 403, audited; a
comment the service refuses (the panel no longer scoring) is recorded by the service as
"comment.denied" and answered with the reason.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views import View

from core.exceptions import InvalidInput, WorkflowError
from reviews import rules
from reviews.access import refuse_panel_access
from reviews.forms.discussion import CommentForm, comment_edit_form
from reviews.models import Comment
from reviews.selectors.scoring import annotate_comment, discussion_comments
from reviews.services.discussion import comment_add, comment_edit
from reviews.views.scoring import (
    PanelNominationMixin,
    page_url,
    render_scoring_page,
)

GRACE_MINUTES = int(rules.COMMENT_GRACE.total_seconds() // 60)


class CommentAddView(PanelNominationMixin, View):
    what = "discussion"

    def get(self, request, pk):
        nomination, _access = self.open_nomination(pk)
        return redirect(page_url(nomination, "discussion"))

    def post(self, request, pk):
        nomination, access = self.open_nomination(pk)
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                comment = comment_add(
                    nomination=nomination, actor=request.user, body=form.cleaned_data["body"]
                )
            except InvalidInput as error:
                form.add_error("body", error.message)
            except WorkflowError as error:
                form.add_error(None, error.message)
                if not request.htmx:
                    messages.error(request, error.message)
        if request.htmx:
            may_comment = rules.can_comment(request.user, nomination, may_open=access.may_open)
            return render(
                request,
                "reviews/_discussion.html",
                {
                    "nomination": nomination,
                    "comments": discussion_comments(
                        user=request.user, nomination=nomination, may_comment=may_comment
                    ),
                    "can_comment": may_comment,
                    "comment_form": CommentForm() if not form.errors else form,
                    "status_message": "" if form.errors else "Your comment was posted.",
                    "grace_minutes": GRACE_MINUTES,
                },
            )
        if form.errors:
            return render_scoring_page(request, nomination, access, comment_form=form)
        messages.success(request, "Your comment was posted.")
        return redirect(page_url(nomination, f"comment-{comment.pk}"))


class CommentEditView(PanelNominationMixin, View):
    """GET shows the form (inline for htmx, a page otherwise); POST saves it."""

    what = "discussion"

    def comment(self) -> tuple[Comment, object]:
        comment = get_object_or_404(Comment.objects.select_related("author"), pk=self.kwargs["pk"])
        nomination, access = self.open_nomination(comment.nomination_id)
        comment.nomination = nomination
        if comment.author_id != self.request.user.pk:
            refuse_panel_access(self.request, nomination=nomination, what="comment by someone else")
        annotate_comment(
            comment,
            user=self.request.user,
            may_comment=rules.can_comment(self.request.user, nomination, may_open=access.may_open),
        )
        return comment, access

    def get(self, request, pk):
        comment, _access = self.comment()
        if not comment.editable:
            return self.too_late(comment)
        return self.show_form(comment, comment_edit_form(initial={"body": comment.body}))

    def post(self, request, pk):
        comment, _access = self.comment()
        form = comment_edit_form(request.POST)
        if form.is_valid():
            try:
                comment_edit(comment=comment, actor=request.user, body=form.cleaned_data["body"])
            except InvalidInput as error:
                form.add_error("body", error.message)
            except WorkflowError as error:
                return self.too_late(comment, error.message)
        if form.errors:
            return self.show_form(comment, form)
        if request.htmx:
            return self.show_comment(comment, "Your comment was changed.")
        messages.success(request, "Your comment was changed.")
        return redirect(page_url(comment.nomination, f"comment-{comment.pk}"))

    def too_late(self, comment: Comment, message: str = ""):
        message = message or (
            f"Comments can be changed for {GRACE_MINUTES} minutes after "
            "they are posted, and this one is older."
        )
        comment.editable = False
        if self.request.htmx:
            return self.show_comment(comment, message)
        messages.error(self.request, message)
        return redirect(page_url(comment.nomination, f"comment-{comment.pk}"))

    def show_form(self, comment: Comment, form: CommentForm):
        template = (
            "reviews/_discussion_comment_form.html"
            if self.request.htmx
            else "reviews/comment_edit.html"
        )
        return render(
            self.request,
            template,
            {
                "comment": comment,
                "nomination": comment.nomination,
                "edit_form": form,
                "grace_minutes": GRACE_MINUTES,
            },
        )

    def show_comment(self, comment: Comment, message: str):
        return render(
            self.request,
            "reviews/_discussion_comment.html",
            {"comment": comment, "nomination": comment.nomination, "comment_message": message},
        )


urlpatterns = [
    path("nominations/<int:pk>/comments/", CommentAddView.as_view(), name="comment_add"),
    path("comments/<int:pk>/edit/", CommentEditView.as_view(), name="comment_edit"),
]
