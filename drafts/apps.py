from django.apps import AppConfig


class DraftsConfig(AppConfig):
    """Amendments and agreements being drafted: what they will change, until a contract admin executes them.

    Drafts live in their own tables, so no answer of the other apps can see them: the agreement as of
    a date, "as agreed on", the discount lookup, quotes, slip flags, the API and exports read only
    executed records. Executing writes the draft's changes into those apps in one transaction
    (`drafts.execution`). Buyers do not see drafts (`core.roles`).
    """

    name = "drafts"
    attention = "drafts.attention"  # read by core.attention: what needs a user's attention
    buyers_see = False  # read by core.roles
    data_file_sections = "drafts.datafile"  # read by ledger.loading and ledger.exporting
    verbose_name = "Drafts"
