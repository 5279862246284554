import pytest

from reports.formatting import vn_count, vn_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1.000"),
        (1700, "1.700"),
        (20995, "20.995"),
        (1234567, "1.234.567"),
        (-1700, "-1.700"),
    ],
)
def test_vn_number_separates_thousands_with_a_dot(value, expected):
    assert vn_number(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, "01"),
        (6, "06"),
        (9, "09"),
        (10, "10"),
        (19, "19"),
        (1700, "1.700"),
        (0, "0"),
    ],
)
def test_vn_count_pads_counts_below_ten(value, expected):
    assert vn_count(value) == expected
