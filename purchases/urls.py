from django.urls import include, path

from purchases import views

app_name = "purchases"

urlpatterns: list = [
    path("", views.PurchaseListView.as_view(), name="purchase_list"),
    path("new/", views.PurchaseCreateView.as_view(), name="purchase_add"),
    path("import/", views.PurchaseImportView.as_view(), name="purchase_import"),
    path("import/template.csv", views.PurchaseImportTemplateView.as_view(), name="purchase_import_template"),
    path("<int:pk>/", views.PurchaseDetailView.as_view(), name="purchase_detail"),
    path("<int:pk>/edit/", views.PurchaseUpdateView.as_view(), name="purchase_edit"),
    # Price check and credits due: purchases/pricecheck_urls.py.
    path("", include("purchases.pricecheck_urls")),
]
