"""The user's own API tokens page: list, issue (shown once), revoke (`core.tokens`)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import TemplateView

from core.tokens import TokenIssueForm, TokenRevokeForm, active_tokens, issue_token, revoke_token
from core.views import RoleRequiredMixin


class ApiTokenView(RoleRequiredMixin, TemplateView):
    """Every logged-in user, whatever their role, manages their own tokens here and nobody else's."""

    permission_required = ()  # a login is enough: every query is scoped to request.user
    # POST changes only the requesting user's own tokens, never shared records (tests/core/test_access_matrix.py).
    posts_change_only_own_records = True
    template_name = "core/api_tokens.html"

    def owner(self) -> AbstractBaseUser:
        user = self.request.user
        if isinstance(user, AnonymousUser):  # LoginRequiredMiddleware sends them to the login page first
            raise PermissionDenied
        return user

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("issue_form", TokenIssueForm())
        return super().get_context_data(tokens=active_tokens(self.owner()), **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "revoke" in request.POST:
            return self._revoke(request)
        form = TokenIssueForm(request.POST)
        if form.is_valid():
            try:
                record, token = issue_token(self.owner(), days=form.cleaned_data["days"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                response = self.render_to_response(self.get_context_data(new_token=token, new_record=record))
                # The token is in this page only: no cache may keep it.
                response["Cache-Control"] = "no-store"
                return response
        return self.render_to_response(self.get_context_data(issue_form=form), status=400)

    def _revoke(self, request: HttpRequest) -> HttpResponseRedirect:
        form = TokenRevokeForm(request.POST)
        if form.is_valid() and revoke_token(self.owner(), form.cleaned_data["revoke"]):
            messages.success(request, "Token revoked: it no longer works.")
        else:
            messages.error(request, "No such token of yours; nothing was revoked.")
        return HttpResponseRedirect(reverse("core:api_tokens"))
