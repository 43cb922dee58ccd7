"""Accounts made from an invitation link (a panel's, a role's): the invited address is
marked verified, because following the emailed link proves the mailbox."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

NAME_PROBLEM = "Enter your full name."


def create_invited_account(email: str, full_name: str, password: str):
    """A new account for `email` with `full_name` and `password`, its address verified
    and primary. Raises ValidationError listing every problem (no name, a password
    Django's validators refuse) and creates nothing then."""
    users = get_user_model().objects
    problems = []
    if not full_name:
        problems.append(NAME_PROBLEM)
    candidate = users.model(email=email, full_name=full_name)
    try:
        validate_password(password, user=candidate)
    except ValidationError as error:
        problems.extend(error.messages)
    if problems:
        raise ValidationError(problems)
    account = users.create_user(email=email, password=password, full_name=full_name)
    EmailAddress.objects.create(user=account, email=account.email, verified=True, primary=True)
    return account
