"""What every staff admin page shares, below the apps (clerk site and support site alike).

Two rules close whole classes of leaks, so that a new admin is safe without remembering them:

- **Look-ups are allow-listed.** A changelist accepts only the query-string look-ups its own list
  filters, date hierarchy and `allowed_lookups` offer. Anything else (`password__startswith`,
  `__regex`, a walk across relations) is refused with 400 (Django's DisallowedModelAdminLookup),
  so no list page can be turned into an oracle for a field it does not show.
- **A related object is labelled only if the user may see it.** Choices of every foreign-key and
  many-to-many field come from the related model's own admin on this site (its scoped queryset),
  raw-id widgets label a value only when it is in those choices, presets from the query string
  outside them are dropped, related list filters list only values present in the user's rows, and
  "view on site" is off. A user with no view permission on the related model gets no choices.
"""

from django.contrib import admin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget, url_params_from_lookup_dict
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _

# The parameters Django's own field list filters use for a field path P: P__exact, P__isnull
# (choices, booleans, all values), P__gte / P__lt (dates), P__isempty (empty-value filter).
_FIELD_FILTER_SUFFIXES = ("exact", "isnull", "gte", "lt", "isempty")


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id input that names the related object only when it is among the user's choices."""

    def __init__(self, rel, admin_site, *, choices, attrs=None, using=None):
        super().__init__(rel, admin_site, attrs=attrs, using=using)
        self.choices_queryset = choices

    def label_and_url_for_value(self, value):
        if value in (None, ""):
            return "", ""
        key = self.rel.get_related_field().name
        try:
            in_scope = self.choices_queryset.filter(**{key: value}).exists()
        except (ValueError, TypeError, models.Model.DoesNotExist):
            in_scope = False
        if not in_scope:
            return "", ""
        return super().label_and_url_for_value(value)


def filter_parameters(model_admin, request, model) -> set[str]:
    """The query-string names the changelist's declared list filters and date hierarchy use."""
    names: set[str] = set()
    for item in model_admin.get_list_filter(request):
        if isinstance(item, type) and issubclass(item, admin.SimpleListFilter):
            names.add(item.parameter_name)
            continue
        path = item[0] if isinstance(item, list | tuple) else item
        if not isinstance(path, str):
            continue
        names.add(path)
        names.update(f"{path}__{suffix}" for suffix in _FIELD_FILTER_SUFFIXES)
        field = _field_at(model, path)
        if field is not None and field.is_relation and field.target_field is not None:
            names.add(f"{path}__{field.target_field.name}__exact")
    if model_admin.date_hierarchy:
        names.update(f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day"))
    return names


def _field_at(model, path: str):
    field = None
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if field.is_relation:
            model = field.related_model
    return field


class StrictLookupsMixin:
    """Changelist look-ups are allow-listed (module docstring). Extra ones: `allowed_lookups`."""

    allowed_lookups: tuple[str, ...] = ()

    def lookup_allowed(self, lookup, value, request=None):
        # The raw-id popup of a field with limit_choices_to passes those look-ups: they come from
        # the model, not from the person typing the URL.
        for fk_lookup in self.model._meta.related_fkey_lookups:
            if callable(fk_lookup):
                fk_lookup = fk_lookup()
            if (lookup, value) in url_params_from_lookup_dict(fk_lookup).items():
                return True
        if lookup in self.allowed_lookups:
            return True
        return lookup in filter_parameters(self, request, self.model)


class ScopedRelationsMixin:
    """Related objects are offered and labelled only within the user's scope (module docstring)."""

    view_on_site = False

    def scoped_related(self, model, request):
        """A queryset of `model` rows this user may pick, or None to use the related admin's."""
        return None

    def related_choices(self, model, request):
        """The rows of `model` the user may pick or see named in this admin's forms."""
        queryset = self.scoped_related(model, request)
        if queryset is not None:
            return queryset
        if request.user.is_active and request.user.is_superuser:
            return model._default_manager.all()
        related_admin = self.admin_site._registry.get(model)
        if related_admin is not None and related_admin.has_view_permission(request):
            return related_admin.get_queryset(request)
        return model._default_manager.none()

    def get_field_queryset(self, db, db_field, request):
        queryset = self.related_choices(db_field.remote_field.model, request)
        related_admin = self.admin_site._registry.get(db_field.remote_field.model)
        ordering = related_admin.get_ordering(request) if related_admin is not None else ()
        return queryset.order_by(*ordering) if ordering else queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", self.get_field_queryset(kwargs.get("using"), db_field, request))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and type(field.widget) is ForeignKeyRawIdWidget:
            field.widget = ScopedRawIdWidget(
                field.widget.rel,
                field.widget.admin_site,
                choices=field.queryset,
                attrs=field.widget.attrs,
                using=field.widget.db,
            )
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", self.get_field_queryset(kwargs.get("using"), db_field, request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        """Query-string presets, minus any related value outside the user's choices."""
        initial = super().get_changeform_initial_data(request)
        for name in list(initial):
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if not (field.is_relation and (field.many_to_one or field.one_to_one or field.many_to_many)):
                continue
            values = initial[name] if isinstance(initial[name], list) else [initial[name]]
            if not _all_in(self.get_field_queryset(None, field, request), field, values):
                del initial[name]
        return initial

    def get_list_filter(self, request):
        """A related field named in list_filter lists only the values present in the user's rows."""
        return [_related_only(self.model, item) for item in super().get_list_filter(request)]


def _all_in(queryset, field, values) -> bool:
    key = field.target_field.name if not field.many_to_many else "pk"
    wanted = [v for v in values if v not in (None, "")]
    try:
        return queryset.filter(**{f"{key}__in": wanted}).count() == len(set(wanted))
    except (ValueError, TypeError):
        return False


def _related_only(model, item):
    if isinstance(item, str):
        field = _field_at(model, item)
        if field is not None and field.is_relation:
            return (item, admin.RelatedOnlyFieldListFilter)
    return item


class NoDeleteMixin:
    """Legal records and accounts are never deleted through an admin."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class StaffModelAdmin(StrictLookupsMixin, ScopedRelationsMixin, NoDeleteMixin, admin.ModelAdmin):
    """The base of every staff ModelAdmin: the two rules above, no delete, 404 for a row out of scope."""

    show_full_result_count = False
    list_per_page = 50

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("No such record."))  # "not yours" and "does not exist" answer alike
        return obj

    def log_addition(self, request, obj, message):
        """Not written: the service's audit event is the record (ADR 0010)."""

    def log_change(self, request, obj, message):
        """Not written: the service's audit event is the record (ADR 0010)."""

    def log_deletions(self, request, queryset):
        """Nothing is ever deleted here."""


class ReadOnlyMixin:
    """Rows are read here; they change only through the admin's actions and pages, which call services."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class StaffInline(ScopedRelationsMixin, NoDeleteMixin, admin.TabularInline):
    """The base of every staff inline: scoped related choices and labels, no delete."""

    extra = 0


def staff_is_verified(user) -> bool:
    """True when this session passed a second factor (django-otp's OTPMiddleware sets `is_verified`)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


class StaffAdminSiteMixin:
    """For both staff sites: the two rules hold for every admin registered here, our own and those of
    installed packages (auth groups, allauth addresses, OTP devices), and "view on site" answers only
    for a row the user may see in this site."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        missing = tuple(m for m in (StrictLookupsMixin, ScopedRelationsMixin) if not issubclass(admin_class, m))
        if missing:
            admin_class = type(admin_class.__name__, (*missing, admin_class), {"__module__": admin_class.__module__})
        return super().register(model_or_iterable, admin_class, **options)

    def get_urls(self):
        urls = super().get_urls()
        return [
            path("r/<int:content_type_id>/<path:object_id>/", self.admin_view(self.view_on_site), name="view_on_site")
            if getattr(entry, "name", None) == "view_on_site"
            else entry
            for entry in urls
        ]

    def view_on_site(self, request, content_type_id, object_id):
        content_type = ContentType.objects.filter(pk=content_type_id).first()
        model_admin = self._registry.get(content_type.model_class()) if content_type else None
        if model_admin is None or not model_admin.has_view_permission(request):
            raise Http404
        try:
            visible = model_admin.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, TypeError):
            visible = False
        if not visible:
            raise Http404
        return shortcut(request, content_type_id, object_id)
