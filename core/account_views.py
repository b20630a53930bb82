"""A user's own profile page: which reminders they get by e-mail and how many days ahead."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import TemplateView

from core.attention import attention_kinds
from core.forms import KeepTypedInputMixin, YesNoField
from core.models import MAX_DAYS_AHEAD, ReminderPreference, SentReminder
from core.reminders import preference_for
from core.views import RoleRequiredMixin


class ReminderPreferenceForm(KeepTypedInputMixin, forms.Form):
    """The preference, with the kinds the user's role sees as checkboxes (ticked: sent)."""

    enabled = YesNoField(label="Send me reminders")
    days_ahead = forms.IntegerField(
        label="Days ahead",
        min_value=0,
        max_value=MAX_DAYS_AHEAD,
        help_text=f"What falls due within this many days of the run (0 to {MAX_DAYS_AHEAD}).",
    )
    kinds = forms.MultipleChoiceField(label="Remind me of", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, data: Any = None, *, preference: ReminderPreference, kinds: dict[str, str]) -> None:
        initial = {
            "enabled": preference.enabled,
            "days_ahead": preference.days_ahead,
            "kinds": [kind for kind in kinds if kind not in preference.muted_kinds],
        }
        super().__init__(data, initial=initial)
        self.preference, self.available = preference, kinds
        kinds_field = self.fields["kinds"]
        assert isinstance(kinds_field, forms.MultipleChoiceField)
        kinds_field.choices = list(kinds.items())

    def save(self) -> ReminderPreference:
        preference = self.preference
        chosen = set(self.cleaned_data["kinds"])
        # Kinds the user cannot see now (another role) keep the choice made when they could.
        unseen = [kind for kind in preference.muted_kinds if kind not in self.available]
        preference.muted_kinds = sorted({*unseen, *(kind for kind in self.available if kind not in chosen)})
        preference.enabled = self.cleaned_data["enabled"]
        preference.days_ahead = self.cleaned_data["days_ahead"]
        preference.full_clean()
        preference.save()
        return preference


class ProfileView(RoleRequiredMixin, TemplateView):
    """Every logged-in user sets their own reminders here, and nobody else's."""

    permission_required = ()  # a login is enough: the page reads and writes request.user's records only
    posts_change_only_own_records = True  # tests/core/test_access_matrix.py
    template_name = "core/account_profile.html"

    def owner(self) -> User:
        user = self.request.user
        if not isinstance(user, User):  # LoginRequiredMiddleware sends anonymous users to log in first
            raise PermissionDenied
        return user

    def form(self, data: Any = None) -> ReminderPreferenceForm:
        user = self.owner()
        return ReminderPreferenceForm(data, preference=preference_for(user), kinds=attention_kinds(user))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", self.form())
        sent = SentReminder.objects.filter(user=self.owner())
        last = sent.order_by("-sent_at").values_list("sent_at", flat=True).first()
        return super().get_context_data(sent_count=sent.count(), last_sent=last, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form(request.POST)
        if form.is_valid():
            form.save()
            messages.success(request, "Your reminder settings are saved.")
            return HttpResponseRedirect(reverse("account:profile"))
        return self.render_to_response(self.get_context_data(form=form), status=400)
