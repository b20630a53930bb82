"""API tokens: issued to a user by themselves, shown once, hashed at rest, expiring, revocable.

Storage and authentication are django-rest-knox's (`knox.auth.TokenAuthentication`): the database
keeps a SHA-512 digest of each token and its first characters (to find it), never the token.
A token authenticates as its user, with that user's role, until it expires or is revoked; a
deactivated user's tokens stop working at once.

Every token expires: a user picks one of `LIFETIMES` (no token lives forever), and holds at most
`MAX_ACTIVE_TOKENS`. Issuing and revoking are logged (`ledgerline.security`).
"""

import logging
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from knox.models import AuthToken

logger = logging.getLogger("ledgerline.security")

LIFETIMES = {7: "7 days", 30: "30 days", 90: "90 days"}
DEFAULT_LIFETIME = 30
MAX_ACTIVE_TOKENS = 10


def active_tokens(user: AbstractBaseUser) -> "QuerySet[Any]":
    """The user's tokens that still work, newest first."""
    tokens: QuerySet[Any] = AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")
    return tokens


def issue_token(user: AbstractBaseUser, *, days: int) -> tuple[Any, str]:
    """A new token for `user`, valid for `days`: the stored record and the token (the only time it is known)."""
    if days not in LIFETIMES:
        raise ValidationError({"days": f"Choose a lifetime of {', '.join(LIFETIMES.values())}."})
    with transaction.atomic():
        # Expired tokens are of no use to anyone; knox also removes them when it meets them.
        AuthToken.objects.filter(user=user, expiry__lte=timezone.now()).delete()
        if active_tokens(user).count() >= MAX_ACTIVE_TOKENS:
            raise ValidationError(f"You already hold {MAX_ACTIVE_TOKENS} tokens; revoke one first.")
        record, token = AuthToken.objects.create(user=user, expiry=timedelta(days=days))
    logger.info(
        "API token issued: user=%s token=%s… expires=%s", user.get_username(), record.token_key[:8], record.expiry
    )
    return record, token


def revoke_token(user: AbstractBaseUser, digest: str) -> bool:
    """Revoke one of `user`'s own tokens; False when they hold no such token (someone else's included)."""
    deleted, _ = AuthToken.objects.filter(user=user, digest=digest).delete()
    if deleted:
        logger.info("API token revoked: user=%s", user.get_username())
    return bool(deleted)


class TokenIssueForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Valid for",
        choices=list(LIFETIMES.items()),
        coerce=int,
        initial=DEFAULT_LIFETIME,
    )


class TokenRevokeForm(forms.Form):
    revoke = forms.CharField(max_length=128, widget=forms.HiddenInput)
