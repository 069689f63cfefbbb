"""People's accounts on the support site: search, the account page (audited) and the actions."""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.views.main import ERROR_FLAG, PAGE_VAR, SEARCH_VAR
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.support import services
from accounts.support.forms import ReasonForm
from accounts.support.selectors import account_summary, accounts_matching, respondent_accounts, search_term_parse
from cases.anumbers import format_a_number

# The only query parameters the account list answers to: the search, the page, and the flag Django
# adds when a page number is out of range. Anything else is a 400 (and audited).
LIST_PARAMS = {SEARCH_VAR, PAGE_VAR, ERROR_FLAG}


@dataclass(frozen=True)
class Action:
    key: str
    title: str
    button: str
    service: object
    done: str


ACTIONS = {
    a.key: a
    for a in (
        Action(
            "unlock",
            _("Unlock the account"),
            _("Unlock"),
            services.support_account_unlock,
            _("The account is unlocked. We emailed the person."),
        ),
        Action(
            "reset-factors",
            _("Reset the second sign-in step"),
            _("Remove all second steps"),
            services.support_second_factor_reset,
            _("Second steps removed. At next sign-in we email the person a link to set up a new one."),
        ),
        Action(
            "reissue-code",
            _("Reissue the access code"),
            _("Mail a new access code"),
            services.support_access_code_reissue,
            _("A new access code was issued and will be mailed. We emailed the person."),
        ),
        Action(
            "deactivate",
            _("Deactivate the account"),
            _("Deactivate"),
            services.support_account_deactivate,
            _("The account is deactivated and every session ended. We emailed the person."),
        ),
        Action(
            "reactivate",
            _("Reactivate the account"),
            _("Reactivate"),
            services.support_account_reactivate,
            _("The account is active again. We emailed the person."),
        ),
    )
}


class SupportUserAdmin(admin.ModelAdmin):
    """Respondents' accounts only: staff accounts are managed by superusers in the clerk admin."""

    list_display = ("email", "respondent_name", "a_number", "is_active", "last_login")
    list_select_related = ("respondent",)
    search_fields = ("email",)  # shows the search box; the search itself is get_search_results
    search_help_text = _("Email address, A-number (any form, for example A-123-456-789 or 123456789) or name.")
    ordering = ("-id",)
    actions = None
    change_list_template = "admin/support/change_list.html"  # adds the help answers agents send people
    list_per_page = 50
    show_full_result_count = False
    sortable_by = ()

    def get_queryset(self, request):
        return respondent_accounts(super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        term = search_term_parse(search_term)
        return (accounts_matching(queryset, term) if term else queryset.none()), False

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        # The search box is the only way to find an account. Field lookups in the query string
        # (password__startswith=..., respondent__a_number__startswith=...) would be an oracle.
        return False

    def changelist_view(self, request, extra_context=None):
        """A search term first (no browsing through everyone); each search audited and limited per agent."""
        unexpected = sorted(set(request.GET) - LIST_PARAMS)
        if unexpected:
            services.support_account_lookup_refused(actor=request.user, params=unexpected)
            raise DisallowedModelAdminLookup(f"Only a search is allowed here, not {', '.join(unexpected)}")
        term = search_term_parse(request.GET.get(SEARCH_VAR, ""))
        if term is None:
            return self._search_page(request)
        try:
            page = max(int(request.GET.get(PAGE_VAR, 1)), 1)
        except ValueError:
            page = 1
        if not services.support_account_search(actor=request.user, term=term, page=page):
            return self._search_page(request, limited=True)
        return super().changelist_view(request, extra_context)

    def _search_page(self, request, *, limited: bool = False):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Find an account"),
            "opts": self.opts,
            "search_help_text": self.search_help_text,
            "search_term": request.GET.get(SEARCH_VAR, ""),
            "limited": limited,
        }
        return TemplateResponse(request, "admin/support/search.html", context, status=429 if limited else 200)

    @admin.display(description=_("name"))
    def respondent_name(self, obj) -> str:
        respondent = getattr(obj, "respondent", None)
        if respondent is None:
            return obj.get_full_name() or "—"
        return f"{respondent.family_name}, {respondent.given_name}"

    @admin.display(description=_("A-number"))
    def a_number(self, obj) -> str:
        respondent = getattr(obj, "respondent", None)
        return format_a_number(respondent.a_number) if respondent is not None else "—"

    # --- permissions: the site already requires the support role and a second factor ---------
    def has_module_permission(self, request) -> bool:
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def history_view(self, request, object_id, extra_context=None):
        raise Http404

    # --- the account page and its actions ------------------------------------------------------
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        extra = [
            path(
                "<int:object_id>/do/<slug:action>/",
                self.admin_site.admin_view(self.action_view),
                name=f"{info[0]}_{info[1]}_action",
            )
        ]
        return extra + super().get_urls()

    def _account(self, request, object_id) -> User:
        user = self.get_queryset(request).filter(pk=object_id).first()
        if user is None:
            raise Http404
        return user

    def change_view(self, request, object_id, form_url="", extra_context=None):
        user = self._account(request, object_id)
        services.support_account_view(user=user, actor=request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": user.email,
            "opts": self.opts,
            "account": user,
            "summary": account_summary(user=user),
        }
        return TemplateResponse(request, "admin/support/account.html", context)

    def action_view(self, request, object_id, action):
        spec = ACTIONS.get(action)
        if spec is None:
            raise Http404
        user = self._account(request, object_id)
        account_url = reverse(f"{self.admin_site.name}:accounts_user_change", args=[user.pk])
        form = ReasonForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                spec.service(user=user, actor=request.user, reason=form.cleaned_data["reason"])
            except services.NoLinkedRespondent:
                form.add_error(None, _("This account is not linked to a court record: there is no address to mail to."))
            else:
                messages.success(request, spec.done)
                return redirect(account_url)
        context = {
            **self.admin_site.each_context(request),
            "title": spec.title,
            "opts": self.opts,
            "account": user,
            "action": spec,
            "form": form,
            "account_url": account_url,
        }
        return TemplateResponse(request, "admin/support/action.html", context)


def register(site) -> None:
    site.register(User, SupportUserAdmin)
