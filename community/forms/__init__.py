"""Forms, one module per sub-domain (the same names as services/ and views/).

allauth_forms.py is not imported here: allauth reads it (ACCOUNT_FORMS) while it builds its own
forms, which import account.py (ACCOUNT_SIGNUP_FORM_CLASS).
"""

from .account import AccountDeleteForm, SignupForm
from .organizations import OrganizationForm
from .request_links import RequestLinkCloseForm, RequestLinkForm
from .submission import STEP_FORMS, AboutStep, ClaimsStep, DeclarationsStep, ImagesStep

__all__ = [
    "STEP_FORMS",
    "AboutStep",
    "AccountDeleteForm",
    "ClaimsStep",
    "DeclarationsStep",
    "ImagesStep",
    "OrganizationForm",
    "RequestLinkCloseForm",
    "RequestLinkForm",
    "SignupForm",
]
