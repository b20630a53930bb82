"""`ModelRolePermission` checks the model of the view's queryset without copying it when the view keeps DRF's
`get_queryset`, and asks a view's own `get_queryset` otherwise: the permission checked is the same."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from contracts.models import Agreement
from core.permissions import ModelRolePermission

pytestmark = pytest.mark.django_db


class AgreementList(generics.ListAPIView):
    queryset = Agreement.objects.all()


class PermissionsInstead(generics.ListAPIView):
    """A view whose own `get_queryset` names another model than its `queryset` attribute."""

    queryset = Agreement.objects.all()

    def get_queryset(self):
        return Permission.objects.all()


def _allowed(view_class, user) -> bool:
    request = Request(APIRequestFactory().get("/"))
    request.user = user
    view = view_class()
    view.request = request
    return ModelRolePermission().has_permission(request, view)


def test_a_view_keeping_drfs_get_queryset_is_checked_on_its_queryset_without_a_copy():
    view = AgreementList()
    assert ModelRolePermission()._queryset(view) is AgreementList.queryset


def test_a_view_with_its_own_get_queryset_is_checked_on_what_that_returns(users):
    buyer = users["buyer"]
    assert ModelRolePermission()._queryset(PermissionsInstead()).model is Permission
    assert buyer.has_perm("contracts.view_agreement") and not buyer.has_perm("auth.view_permission")
    assert _allowed(AgreementList, buyer)
    assert not _allowed(PermissionsInstead, buyer)


def test_a_role_without_the_models_view_permission_is_refused(django_user_model):
    from tests.conftest import make_user

    nobody = make_user(django_user_model, "no-role")
    assert not _allowed(AgreementList, nobody)
