"""Phone numbers as people write them in China: 024-42843576, 13912345678, +86 24 4284 3576, 024-42843576 转 8001.
Digits and the usual marks only, at least 7 digits; letters mean a mistake (a name typed in the wrong box)."""
PHONE_MARKS = set("0123456789+-() ")
EXTENSION_WORDS = ("转", "ext.", "ext", "x")
MIN_DIGITS = 7


def is_phone_number(text: str) -> bool:
    number = text.strip().lower()
    for word in EXTENSION_WORDS:
        number = number.replace(word, " ")
    return set(number) <= PHONE_MARKS and sum(ch.isdigit() for ch in number) >= MIN_DIGITS
