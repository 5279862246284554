"""Erasing a person (after a confirmation), the yearly retention review and the processing record.

Staff only: any other role gets 403; a person outside the staff's unions, 404.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from associations import permissions
from core.concurrency import StaleVersion, Version, VersionedFormMixin

from ..models import Member
from ..services import MEMBER_FIELDS
from .anonymise import REASON_MAX_LENGTH, is_anonymised, member_anonymise
from .record import processing_record
from .retention import (
    retention_anonymise,
    retention_candidates,
    retention_cutoff,
    retention_years,
)


class StaffOnlyMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.access_for(request.user).is_staff:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class EraseForm(VersionedFormMixin, forms.ModelForm):
    """The confirmation: why, and the version of the details the staff member saw."""

    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=REASON_MAX_LENGTH - 20,
        required=False,
        help_text=gettext_lazy(
            "For example the date of the person's request. Do not write the person's name: "
            "it is removed anyway."
        ),
    )

    version_extra_fields = tuple(MEMBER_FIELDS)

    class Meta:
        model = Member
        fields = []


class MemberEraseView(StaffOnlyMixin, TemplateView):
    template_name = "members/privacy/erase/confirm.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and permissions.access_for(request.user).is_staff:
            self.member = get_object_or_404(
                permissions.scope_erasable_members(request.user, Member.objects.all()),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["member"] = self.member
        context["form"] = form or EraseForm(instance=self.member)
        context["memberships"] = self.member.memberships.select_related("society").order_by(
            "joined_on"
        )
        context["already"] = is_anonymised(self.member)
        return context

    def post(self, request, *args, **kwargs):
        form = EraseForm(request.POST, instance=self.member)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            member = member_anonymise(
                member=self.member,
                user=request.user,
                reason=form.cleaned_data["reason"],
                version=form.version or Version("", form.version_fields),
            )
        except StaleVersion as error:
            form.refuse_stale(error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request,
            _("The person's data has been erased; they are now %(code)s.")
            % {"code": member.full_name},
        )
        return redirect("members:member_detail", pk=member.pk)


class RetentionReviewView(StaffOnlyMixin, TemplateView):
    """The people proposed by the retention rule: select, confirm, anonymise."""

    template_name = "members/privacy/erase/retention.html"
    confirm_template_name = "members/privacy/erase/retention_confirm.html"
    paginate_by = 50

    def candidates(self):
        members = permissions.scope_erasable_members(self.request.user, Member.objects.all())
        return retention_candidates(members=members)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(self.candidates(), self.paginate_by).get_page(self.request.GET.get("page"))
        context.update(
            page_obj=page,
            paginator=page.paginator,
            candidates=page.object_list,
            years=retention_years(),
            cutoff=retention_cutoff(),
        )
        return context

    def post(self, request, *args, **kwargs):
        ids = [int(pk) for pk in request.POST.getlist("member") if pk.isdigit()]
        selected = list(self.candidates().filter(pk__in=ids))
        if not selected:
            messages.error(request, _("Select at least one person to anonymise."))
            return redirect("members:privacy_retention_review")
        if request.POST.get("confirm") != "yes":
            self.template_name = self.confirm_template_name
            return self.render_to_response({"selected": selected, "years": retention_years()})
        reason = _("Retention period of %(years)s years ended") % {"years": retention_years()}
        retention_anonymise(members=selected, user=request.user, reason=reason)
        messages.success(
            request,
            _("%(count)s people have been anonymised.") % {"count": len(selected)},
        )
        return redirect("members:privacy_retention_review")


class ProcessingRecordView(StaffOnlyMixin, TemplateView):
    template_name = "members/privacy/erase/record.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_view_processing_record(
            request.user
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["record"] = processing_record()
        context["erased"] = permissions.scope_erasable_members(
            self.request.user, Member.objects.filter(anonymised_at__isnull=False)
        ).count()
        context["retention_url"] = reverse("members:privacy_retention_review")
        return context
