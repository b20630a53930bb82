"""Role checks for the API, the same rules as the pages.

Reading a model needs its `view_` permission (DRF's stock class lets anyone authenticated read);
views that answer a question rather than list one model name their permission explicitly in
`required_permissions`.
"""

import logging
from typing import TYPE_CHECKING

from rest_framework.permissions import DjangoModelPermissions

if TYPE_CHECKING:  # DRF imports this module while loading rest_framework.views (DEFAULT_PERMISSION_CLASSES)
    from rest_framework.request import Request
    from rest_framework.views import APIView

logger = logging.getLogger("ledgerline.security")


class ModelRolePermission(DjangoModelPermissions):
    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }

    def has_permission(self, request: "Request", view: "APIView") -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        required = getattr(view, "required_permissions", None)
        if required is not None:
            allowed = request.user.has_perms(required)
        else:
            allowed = super().has_permission(request, view)
        if not allowed:
            logger.warning(
                "API access denied: user=%s method=%s path=%s",
                request.user.get_username(),
                request.method,
                request.path,
            )
        return allowed
