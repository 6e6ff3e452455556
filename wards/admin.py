"""Admin of wards (phường) and their residential groups (tổ dân phố).

The site's titles are set here, in the app every other app depends on, so that they are in place whatever
apps are installed above it.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from wards.models import ResidentialGroup, Ward

admin.site.site_header = _("partycell administration")
admin.site.site_title = _("partycell administration")
admin.site.index_title = _("Records of the ward party committee")

# django-simple-history ships no Vietnamese catalogue, Django's calls the history "Bản ghi nhớ" (a memo) and
# lacks a few newer admin words. Naming their messages here puts them into locale/vi, which takes precedence
# over the packages' catalogues, so that the history pages speak Vietnamese too. Nothing displays them here.
THIRD_PARTY_MESSAGES = (
    gettext_noop("History"),
    gettext_noop("View history: %s"),
    gettext_noop("Change history: %s"),
    gettext_noop('The %(name)s "%(obj)s" was changed successfully.'),
    gettext_noop("You may edit it again below"),
    gettext_noop("View %s"),
    gettext_noop("Revert %s"),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop("Deleted %(type_name)s"),
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this "
        "object."
    ),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop(
        "Press the 'Revert' button below to revert to this version of the object."
    ),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop("Object"),
    gettext_noop("Date/time"),
    gettext_noop("Comment"),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("Changes"),
    gettext_noop("Revert"),
    gettext_noop("Change History"),
    ngettext_lazy("entry", "entries", 1),
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
)


class ResidentialGroupInline(admin.TabularInline):
    model = ResidentialGroup
    fields = ["code", "name"]
    extra = 0
    show_change_link = True


@admin.register(Ward)
class WardAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "committee_name", "city", "province"]
    list_display_links = ["code", "name"]
    list_filter = ["province", "city"]
    search_fields = ["code", "name", "committee_name", "city", "province"]
    inlines = [ResidentialGroupInline]


@admin.register(ResidentialGroup)
class ResidentialGroupAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "ward"]
    list_display_links = ["code", "name"]
    list_filter = ["ward"]
    list_select_related = ["ward"]
    search_fields = ["code", "name", "ward__code", "ward__name"]
    autocomplete_fields = ["ward"]
