from django.urls import path

from contracts import document_views, views

app_name = "contracts"

urlpatterns = [
    path("", views.AgreementListView.as_view(), name="agreement_list"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("<int:pk>/documents/upload/", document_views.DocumentUploadView.as_view(), name="document_upload"),
    path("documents/<int:pk>/download/", document_views.DocumentDownloadView.as_view(), name="document_download"),
    path("entities/", views.EntityListView.as_view(), name="legalentity_list"),
    path("entities/lookup/", views.EntityLookupView.as_view(), name="legalentity_lookup"),
    path("entities/<int:pk>/", views.EntityDetailView.as_view(), name="legalentity_detail"),
]
