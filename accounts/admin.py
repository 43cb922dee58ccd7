from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.forms import UserAdminChangeForm, UserAdminCreationForm
from accounts.models import User
from accounts.roles import roles_changed_by

# The admin signs in through allauth's login, so email verification, rate limits and
# the MFA step apply there too instead of Django's bare password form.
admin.site.login = secure_admin_login(admin.site.login)


def superusers_only(request) -> bool:
    """The Django admin reaches every record and bypasses the services' rules and their
    audit events, so it is for superusers alone; award staff manage people on the people
    pages, where every change is audited (`people/`)."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = superusers_only


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users by email address; roles are the groups."""

    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal info", {"fields": ("full_name",)}),
        (
            "Roles and permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("email", "full_name", "is_active", "role_list")
    list_filter = ("is_active", "is_staff", "is_superuser", "groups")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")

    def save_related(self, request, form, formsets, change):
        # The form saves the groups here: the roles it grants or removes are the admin
        # user's doing, and the audit log names them (core.account_events).
        with roles_changed_by(request.user):
            super().save_related(request, form, formsets, change)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="Roles")
    def role_list(self, obj: User) -> str:
        return ", ".join(sorted(group.name for group in obj.groups.all()))
