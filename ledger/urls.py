"""Ledger's pages, mounted at the site root: each keeps the path it had before the app existed."""

from django.urls import path

from ledger import import_views, search_views, views

app_name = "ledger"

urlpatterns = [
    path("contracts/import/", import_views.DataFileImportView.as_view(), name="data_file_import"),
    path("contracts/<int:pk>/recorded/", views.AgreementRecordedView.as_view(), name="agreement_recorded"),
    path("contracts/<int:pk>/compare/", views.AgreementCompareView.as_view(), name="agreement_compare"),
    path("contracts/amendments/<int:pk>/", views.AmendmentDetailView.as_view(), name="amendment_detail"),
    path("history/", views.AuditLogView.as_view(), name="audit_log"),
    path("search/", search_views.SearchView.as_view(), name="search"),
]
