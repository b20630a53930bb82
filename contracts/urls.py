from django.urls import path

from contracts import views

app_name = "contracts"

urlpatterns = [
    path("", views.AgreementListView.as_view(), name="agreement_list"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("entities/", views.EntityListView.as_view(), name="legalentity_list"),
    path("entities/lookup/", views.EntityLookupView.as_view(), name="legalentity_lookup"),
    path("entities/<int:pk>/", views.EntityDetailView.as_view(), name="legalentity_detail"),
]
