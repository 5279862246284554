"""Numbers in Vietnamese administrative style (design §6): "1.700", "06 hội"."""


def vn_number(value: int) -> str:
    """Thousands separated with a dot: 1700 → "1.700", 20995 → "20.995"."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


def vn_count(value: int) -> str:
    """A count as reports write it: below ten with a leading zero ("06"), else like vn_number."""
    value = int(value)
    if 0 < value < 10:
        return f"0{value}"
    return vn_number(value)
