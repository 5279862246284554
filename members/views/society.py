"""One society's members: the list, adding a member, editing a membership, recording a leaving."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from associations import permissions
from associations.mixins import SocietyPortalMixin
from core.concurrency import StaleVersion
from core.text import fold

from .. import services
from ..forms import MemberAddForm, MemberForm, MembershipForm, MembershipLeaveForm
from ..models import Member, Membership
from .directory import PAGE_SIZE, _query_string

# --- one society's members (officers, and staff/leadership of its union) -----------------------


class SocietyMemberListView(SocietyPortalMixin, ListView):
    template_name = "members/society_member_list.html"
    context_object_name = "memberships"
    paginate_by = PAGE_SIZE
    statuses = ("all", "active", "former")

    def get_queryset(self):
        qs = permissions.scope_memberships(
            self.request.user, Membership.objects.filter(society=self.society)
        ).select_related("member")
        self.q = self.request.GET.get("q", "").strip()
        if fold(self.q):
            qs = qs.filter(member__search_text__contains=fold(self.q))
        self.status = self.request.GET.get("status", "all")
        if self.status == "active":
            qs = qs.filter(left_on__isnull=True)
        elif self.status == "former":
            qs = qs.filter(left_on__isnull=False)
        else:
            self.status = "all"
        former_last = Case(When(left_on__isnull=True, then=Value(0)), default=Value(1))
        return qs.order_by(former_last, "member__sort_name", "-joined_on", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["q"] = self.q
        context["status"] = self.status
        context["query_string"] = _query_string(self.request)
        return context


class SocietyMembershipMixin(SocietyPortalMixin):
    edit = True

    @cached_property
    def membership(self) -> Membership:
        return get_object_or_404(
            permissions.scope_memberships(
                self.request.user, Membership.objects.select_related("member")
            ),
            society=self.society,
            pk=self.kwargs["pk"],
        )

    def back_to_list(self):
        return redirect("members:society_members", society_pk=self.society.pk)


class MemberAddView(SocietyPortalMixin, FormView):
    edit = True
    form_class = MemberAddForm
    template_name = "members/member_add.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "society": self.society, "user": self.request.user}

    def form_valid(self, form):
        data = {name: form.cleaned_data.get(name) for name in services.MEMBER_FIELDS}
        try:
            membership, reused = services.member_add_to_society(
                society=self.society,
                joined_on=form.cleaned_data["joined_on"],
                member_data=data,
                existing=form.existing_member,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        if reused:
            messages.info(
                self.request,
                _(
                    "%(name)s was already recorded in the union: they were added to this "
                    "society and their recorded details were kept."
                )
                % {"name": membership.member.full_name},
            )
        messages.success(
            self.request,
            _("%(name)s has been added to %(society)s.")
            % {"name": membership.member.full_name, "society": self.society.name},
        )
        return redirect("members:society_members", society_pk=self.society.pk)

    def form_invalid(self, form):
        messages.error(self.request, _("The member was not added. Please correct the errors."))
        return super().form_invalid(form)


class MembershipEditView(SocietyMembershipMixin, TemplateView):
    """A person's details and their membership of this society, in one form."""

    template_name = "members/membership_edit.html"

    def forms(self, data=None):
        membership = self.membership
        return (
            MemberForm(data, instance=membership.member, union=self.society.union, prefix="member"),
            MembershipForm(data, instance=membership, prefix="membership"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "member_form" not in kwargs:
            context["member_form"], context["membership_form"] = self.forms()
        context["membership"] = self.membership
        return context

    def post(self, request, *args, **kwargs):
        member_form, membership_form = self.forms(request.POST)
        valid = [member_form.is_valid(), membership_form.is_valid()]  # both show their errors
        if all(valid):
            try:
                services.membership_update(
                    membership=self.membership,
                    member_data=member_form.cleaned_data,
                    membership_data=membership_form.cleaned_data,
                    member_version=member_form.version,
                    membership_version=membership_form.version,
                )
            except StaleVersion as error:
                form = member_form if error.model is Member else membership_form
                form.refuse_stale(error)
            except ValidationError as error:
                membership_form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _("The details of %(name)s have been saved.")
                    % {"name": member_form.cleaned_data["full_name"]},
                )
                return self.back_to_list()
        messages.error(request, _("The changes were not saved. Please correct the errors."))
        return self.render_to_response(
            self.get_context_data(member_form=member_form, membership_form=membership_form)
        )


class MembershipLeaveView(SocietyMembershipMixin, FormView):
    """Record a leaving after a confirmation page. Nothing is deleted."""

    form_class = MembershipLeaveForm
    template_name = "members/membership_leave.html"

    def get(self, request, *args, **kwargs):
        if self.membership.left_on is not None:
            return self.already_left()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.membership.left_on is not None:
            return self.already_left()
        return super().post(request, *args, **kwargs)

    def already_left(self):
        messages.warning(
            self.request,
            _("%(name)s already left this society.") % {"name": self.membership.member.full_name},
        )
        return self.back_to_list()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "membership": self.membership}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "membership": self.membership}

    def form_valid(self, form):
        try:
            services.membership_end(membership=self.membership, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s has been recorded as having left %(society)s.")
            % {"name": self.membership.member.full_name, "society": self.society.name},
        )
        return self.back_to_list()
