"""Django's own validation messages and our form labels read as correct Vietnamese."""

import pytest
from django import forms
from django.utils import translation

from associations.forms import ActivityForm
from members.forms import MemberAddForm, MemberForm, MembershipForm, MembershipLeaveForm
from tests.factories import MembershipFactory, SocietyFactory, UserFactory

pytestmark = pytest.mark.django_db


class NumbersForm(forms.Form):
    whole = forms.IntegerField(min_value=0, max_value=100)
    day = forms.DateField()
    email = forms.EmailField()
    choice = forms.ChoiceField(choices=[("a", "A")])
    name = forms.CharField(max_length=3)


def errors_in_vietnamese(data: dict) -> dict:
    with translation.override("vi"):
        form = NumbersForm(data)
        return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


def test_whole_number_message_says_so_nguyen():
    assert errors_in_vietnamese({"whole": "1,5"})["whole"] == ["Nhập một số nguyên."]


@pytest.mark.parametrize(
    ("value", "message"),
    [("-1", "Giá trị phải lớn hơn hoặc bằng 0."), ("101", "Giá trị phải nhỏ hơn hoặc bằng 100.")],
)
def test_range_messages_have_no_stray_space_before_the_full_stop(value, message):
    assert errors_in_vietnamese({"whole": value})["whole"] == [message]


def test_other_common_messages_read_naturally():
    found = errors_in_vietnamese(
        {"whole": "1", "day": "32/13/2020", "email": "a@", "choice": "b", "name": "abcd"}
    )

    assert found == {
        "day": ["Nhập một ngày hợp lệ."],
        "email": ["Nhập một địa chỉ email hợp lệ."],
        "choice": ["Hãy chọn một giá trị trong danh sách; b không có trong danh sách."],
        "name": ["Tối đa 3 ký tự (hiện có 4)."],
    }


def test_required_message_is_vietnamese():
    assert errors_in_vietnamese({})["whole"] == ["Trường này là bắt buộc."]


def portal_forms():
    membership = MembershipFactory()
    society, union = membership.society, membership.society.union
    return [
        MemberAddForm(society=society, user=UserFactory()),
        MemberForm(instance=membership.member, union=union),
        MembershipForm(instance=membership),
        MembershipLeaveForm(membership=membership),
        ActivityForm(),
    ]


def test_every_portal_form_label_starts_with_a_capital():
    with translation.override("vi"):
        labels = [str(field.label) for form in portal_forms() for field in form]

    lower = [label for label in labels if not label[:1].isupper()]
    assert labels and lower == []


def test_joining_date_label_reads_ngay_vao_hoi():
    society = SocietyFactory()
    with translation.override("vi"):
        form = MemberAddForm(society=society, user=UserFactory())
        assert str(form["joined_on"].label) == "Ngày vào hội"
