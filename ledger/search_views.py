"""The search page behind the navigation's search box: every kind grouped, or one kind paged."""

from typing import Any

from django import forms
from django.views.generic import TemplateView

from core.autocomplete import AutocompleteField
from core.views import RoleRequiredMixin
from ledger.search import KIND_CHOICES, MAX_QUERY_LENGTH, search, search_kind


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search for",
        max_length=MAX_QUERY_LENGTH,
        required=False,
        help_text="Names, order codes, releases, words of a provision; any order, spacing ignored.",
    )
    kind = forms.ChoiceField(label="Only", choices=[("", "Every kind"), *KIND_CHOICES], required=False)
    agreement = AutocompleteField(
        "agreement",
        required=False,
        label="In agreement",
        help_text="Its contract number or title. Empty: every agreement.",
    )


class SearchView(RoleRequiredMixin, TemplateView):
    """Every role may search; each kind of record is shown only to a role that may view it (`ledger.search`)."""

    permission_required = "contracts.view_agreement"
    template_name = "ledger/search.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET or None)
        context["form"] = form
        if not form.is_valid():
            return context
        text, kind, agreement = (form.cleaned_data[name] for name in ("q", "kind", "agreement"))
        text = text.strip()
        context["q"], context["agreement"] = text, agreement
        if not text:
            return context
        if kind:
            found = search_kind(self.request.user, text, kind, self.request.GET.get("page"), agreement=agreement)
            if found is not None:
                context["groups"], context["page"] = [found[0]], found[1]
            else:
                context["groups"] = []
        else:
            context["groups"] = search(self.request.user, text, agreement=agreement)
        return context
