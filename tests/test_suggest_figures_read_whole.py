"""`suggest` reads a figure whole or not at all: a range is its two ends,
a scale joined by a hyphen is the figure's, a negated bound is the
opposite one, a currency sign is one only where a word starts, and a
report's figure reached is neither the one a change started from nor the
year of a date. Every sentence here is invented (marked Invented, 架空 or
काल्पनिक)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jointvision.source.suggest import suggest


def figures(text: str, language: str | None = None) -> list[tuple]:
    """The amounts and counts of ``text``: kind, quote, value, unit and bound."""
    return [
        (c.kind, c.quote, Decimal(c.fields["value"]), c.fields["unit"], c.fields["bound"])
        for c in suggest(text, None, language)
        if c.kind in ("amount", "count")
    ]


def _range(kind: str, quote: str, low, high, unit) -> list[tuple]:
    return [(kind, quote, Decimal(low), unit, "at-least"), (kind, quote, Decimal(high), unit, "at-most")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Invented. Japan will invest USD 5-10 billion.", _range("amount", "USD 5-10 billion", 5e9, 1e10, "usd")),
        ("Invented. A fund of $5-10 billion.", _range("amount", "$5-10 billion", 5e9, 1e10, "usd")),
        ("Invented. It will cost Rs 500-1,000 crore.", _range("amount", "Rs 500-1,000 crore", 5e9, 1e10, "inr")),
        (
            "Invented. An investment between JPY 3 and 5 trillion.",
            _range("amount", "between JPY 3 and 5 trillion", 3e12, 5e12, "jpy"),
        ),
        (
            "Invented. An investment of between 3 and 5 trillion yen.",
            _range("amount", "between 3 and 5 trillion yen", 3e12, 5e12, "jpy"),
        ),
        (
            "Invented. JPY 500 billion to 1 trillion.",
            _range("amount", "JPY 500 billion to 1 trillion", 5e11, 1e12, "jpy"),
        ),
        (
            "Invented. India will send 3,000-5,000 workers.",
            _range("count", "3,000-5,000 workers", 3000, 5000, "workers"),
        ),
        ("架空。投資額は3～5兆円となる。", _range("amount", "3～5兆円", 3e12, 5e12, "jpy")),
        ("架空。3兆～5兆円の投資。", _range("amount", "3兆～5兆円", 3e12, 5e12, "jpy")),
        ("架空。5,000億～1兆円の投資。", _range("amount", "5,000億～1兆円", 5e11, 1e12, "jpy")),
        ("架空。3,000～5,000人を派遣する。", _range("count", "3,000～5,000人", 3000, 5000, "人")),
        ("काल्पनिक। निवेश 3 से 5 ट्रिलियन येन के बीच होगा।", _range("amount", "3 से 5 ट्रिलियन येन", 3e12, 5e12, "jpy")),
        ("काल्पनिक। 3-5 लाख करोड़ रुपये।", _range("amount", "3-5 लाख करोड़ रुपये", 3e12, 5e12, "inr")),
        ("काल्पनिक। जापान ₹3-5 लाख करोड़ देगा।", _range("amount", "₹3-5 लाख करोड़", 3e12, 5e12, "inr")),
        ("काल्पनिक। 3,000 से 5,000 श्रमिक।", _range("count", "3,000 से 5,000 श्रमिक", 3000, 5000, "श्रमिक")),
    ],
)
def test_a_range_is_its_two_ends(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize(
    "text, dated",
    [
        ("Invented. The summit was held on 29–30 August 2025.", "29–30 August 2025"),
        ("Invented. The plan runs 2022-2026.", "2022-2026"),
        ("架空。2031～2035年の計画。", "2031～2035年"),
        ("काल्पनिक। 29-30 अगस्त 2025 को।", "29-30 अगस्त 2025"),
        ("काल्पनिक। 2031 से 2036 तक।", "2031 से 2036 तक"),
    ],
)
def test_days_and_years_joined_by_a_dash_are_dates_and_periods_not_ranges(text, dated):
    assert figures(text) == []
    assert [c.quote for c in suggest(text) if c.kind in ("date", "period")] == [dated]


@pytest.mark.parametrize(
    "text, quote, value, unit",
    [
        ("Invented. The ₹10,000-crore scheme.", "₹10,000-crore", 1e11, "inr"),
        ("Invented. A $5-billion fund.", "$5-billion", 5e9, "usd"),
        ("Invented. A ¥500-billion loan.", "¥500-billion", 5e11, "jpy"),
        ("Invented. A Rs 2,500-cr plan.", "Rs 2,500-cr", 2.5e10, "inr"),
        ("काल्पनिक। ₹10,000-करोड़ की योजना।", "₹10,000-करोड़", 1e11, "inr"),
        ("काल्पनिक। 500-करोड़ रुपये की योजना।", "500-करोड़ रुपये", 5e9, "inr"),
    ],
)
def test_a_scale_joined_to_its_figure_by_a_hyphen_is_the_figures(text, quote, value, unit):
    assert figures(text) == [("amount", quote, Decimal(value), unit, "exact")]


@pytest.mark.parametrize(
    "text, quote, bound",
    [
        ("Invented. A loan of not less than JPY 100 billion.", "not less than JPY 100 billion", "at-least"),
        ("Invented. To exchange no less than 500,000 people.", "no less than 500,000 people", "at-least"),
        ("Invented. To send not more than 5,000 workers.", "not more than 5,000 workers", "at-most"),
        ("Invented. A maximum of 5,000 workers.", "A maximum of 5,000 workers", "at-most"),
        ("काल्पनिक। निवेश 10 ट्रिलियन येन से कम नहीं होगा।", "10 ट्रिलियन येन से कम नहीं", "at-least"),
        ("काल्पनिक। 5,000 श्रमिक से अधिक नहीं भेजे जाएँगे।", "5,000 श्रमिक से अधिक नहीं", "at-most"),
    ],
)
def test_a_negated_bound_is_the_opposite_one(text, quote, bound):
    ((_, found, _, _, said),) = figures(text)
    assert (found, said) == (quote, bound)


@pytest.mark.parametrize(
    "text, quote, unit",
    [
        ("Invented. Over five years 50,000 Indians visited Japan.", "50,000 Indians", "indians"),
        ("Invented. The scheme covers 10 lakh students.", "10 lakh students", "students"),
        ("Invented. The partners 75 delegates met.", "75 delegates", "delegates"),
    ],
)
def test_a_currency_sign_is_one_only_where_a_word_starts(text, quote, unit):
    """ "Indians 50,000" holds "rs 50,000" as letters, not rupees."""
    ((kind, found, _, said, _),) = figures(text)
    assert (kind, found, said) == ("count", quote, unit)


@pytest.mark.parametrize(
    "text, value, unit",
    [
        (
            "Invented. As of March 2024, Japanese companies had increased from 1,200 companies to 1,400 companies.",
            1400,
            "companies",
        ),
        ("Invented. Compared with 1,000 students in 2020, 3,000 students had enrolled by 2024.", 3000, "students"),
        ("架空。日本企業は、2018年の1,200社から2022年には1,400社に増加した。", 1400, "社"),
        ("架空。二国間貿易額は160億ドルから220億ドルに増加した。", 22_000_000_000, "usd"),
        ("काल्पनिक। द्विपक्षीय व्यापार 16 अरब डॉलर से बढ़कर 22 अरब डॉलर हो गया।", 22_000_000_000, "usd"),
        ("架空。20の領事館のうち、2024年までに5つが開設された。", 5, "領事館"),
        ("架空。5兆円の目標に対し、2024年3月末までに3.5兆円が投資された。", 3_500_000_000_000, "jpy"),
        ("काल्पनिक। 5 ट्रिलियन येन के लक्ष्य में से 2024 तक 3.5 ट्रिलियन येन का निवेश हो चुका है।", 3_500_000_000_000, "jpy"),
        ("काल्पनिक। 20 वाणिज्य दूतावासों में से 2024 तक 5 खोले जा चुके हैं।", 5, "वाणिज्य दूतावासों"),
        ("काल्पनिक। 5,000 करोड़ रुपये की लागत से 12 स्टेशन बनाए गए।", 12, "स्टेशन"),  # what they cost
    ],
)
def test_the_figure_reached_is_not_where_a_change_started_nor_a_dates_year(text, value, unit):
    (stub,) = [c for c in suggest(text) if c.kind == "progress"]
    assert (stub.fields["value"], stub.fields["unit"]) == (value, unit)


@pytest.mark.parametrize(
    "text, quote, value, unit",
    [
        ("Invented. A loan of JPY 5 tn.", "JPY 5 tn", 5e12, "jpy"),
        ("Invented. A loan of JPY 5 trn.", "JPY 5 trn", 5e12, "jpy"),
        ("Invented. A loan of US$ 5 bln.", "US$ 5 bln", 5e9, "usd"),
        ("Invented. A loan of ¥5tn.", "¥5tn", 5e12, "jpy"),
        ("काल्पनिक। साढ़े 3 लाख करोड़ रुपये का निवेश।", "साढ़े 3 लाख करोड़ रुपये", 3.5e12, "inr"),
        ("काल्पनिक। साढ़े तीन लाख करोड़ रुपये का निवेश।", "साढ़े तीन लाख करोड़ रुपये", 3.5e12, "inr"),
        ("काल्पनिक। सवा दो लाख करोड़ रुपये का निवेश।", "सवा दो लाख करोड़ रुपये", 2.25e12, "inr"),
        ("काल्पनिक। पौने दो लाख करोड़ रुपये का निवेश।", "पौने दो लाख करोड़ रुपये", 1.75e12, "inr"),
    ],
)
def test_a_press_abbreviation_or_a_word_that_adds_a_fraction_is_part_of_the_figure(text, quote, value, unit):
    assert figures(text) == [("amount", quote, Decimal(value), unit, "exact")]


def test_a_figure_reached_after_a_fraction_word_is_stated_with_it():
    (stub,) = [c for c in suggest("काल्पनिक। 2024 तक साढ़े 3 लाख करोड़ रुपये का निवेश हो चुका है।") if c.kind == "progress"]
    assert (stub.fields["value"], stub.fields["stated_as"]) == (3_500_000_000_000, "साढ़े 3 लाख करोड़ रुपये")


@pytest.mark.parametrize(
    "text, quote, share",
    [
        ("काल्पनिक। भारत ने 20 प्रतिशत की वृद्धि दर्ज की।", "20 प्रतिशत", 20),
        ("काल्पनिक। 50 फीसदी निवेश।", "50 फीसदी", 50),
        ("काल्पनिक। 12.5 प्रतिशत।", "12.5 प्रतिशत", Decimal("12.5")),
        ("架空。20パーセント増加した。", "20パーセント", 20),
    ],
)
def test_a_share_in_words_is_a_share_never_a_count_of_its_word(text, quote, share):
    assert figures(text) == []
    assert [(c.quote, c.fields) for c in suggest(text) if c.kind == "share"] == [(quote, {"share": share})]


@pytest.mark.parametrize(
    "text, quote, bound",
    [
        ("架空。供与額は1,000億円以内とする。", "1,000億円以内", "at-most"),
        ("架空。1,000億円を超える見込み。", "1,000億円を超える", "at-least"),
        ("架空。1,000億円を上限とする。", "1,000億円を上限とする", "at-most"),
        ("架空。上限1,000億円の融資。", "上限1,000億円", "at-most"),
        ("Invented. The loan will not exceed JPY 100 billion.", "not exceed JPY 100 billion", "at-most"),
        ("Invented. A loan of JPY 100 billion or more.", "JPY 100 billion or more", "at-least"),
        ("Invented. A loan of 5 trillion yen or less.", "5 trillion yen or less", "at-most"),
    ],
)
def test_the_words_of_a_limit_are_its_bound(text, quote, bound):
    ((_, found, _, _, said),) = figures(text)
    assert (found, said) == (quote, bound)


@pytest.mark.parametrize(
    "text, quote, dates",
    [
        ("Invented. The Prime Minister visited Japan on 29 Aug 2025.", "29 Aug 2025", {"start_date": "2025-08-29"}),
        (
            "Invented. The visit on 29-30 Aug. 2025.",
            "29-30 Aug. 2025",
            {"start_date": "2025-08-29", "end_date": "2025-08-30"},
        ),
        ("Invented. Aug. 29, 2025 was the day.", "Aug. 29, 2025", {"start_date": "2025-08-29"}),
        (
            "काल्पनिक। 29 और 30 अगस्त 2025 को शिखर सम्मेलन हुआ।",
            "29 और 30 अगस्त 2025",
            {"start_date": "2025-08-29", "end_date": "2025-08-30"},
        ),
    ],
)
def test_a_days_date_is_a_date_never_a_count_of_its_month(text, quote, dates):
    assert figures(text) == []
    assert [(c.quote, c.fields) for c in suggest(text) if c.kind == "date"] == [(quote, dates)]


def test_a_months_abbreviation_does_not_end_a_sentence():
    (stub,) = [
        c for c in suggest("Invented. As of Aug. 29, 2025, 3,000 students had enrolled.") if c.kind == "progress"
    ]
    assert stub.quote == "As of Aug. 29, 2025, 3,000 students had enrolled."
    assert (stub.fields["as_of"], stub.fields["value"]) == ("2025-08-29", 3000)


@pytest.mark.parametrize(
    "text, quote, value, unit",
    [
        ("架空。50kmの道路を整備する。", "50kmの道路", 50, "km"),
        ("架空。500MWの太陽光発電所。", "500MWの太陽光発電所", 500, "MW"),
        ("架空。2,000haの工業団地。", "2,000haの工業団地", 2000, "ha"),
        ("काल्पनिक। 500 करोड़ रु. की योजना।", "500 करोड़ रु.", 5e9, "inr"),
    ],
)
def test_a_unit_of_measure_or_a_currency_after_the_figure_is_its_unit(text, quote, value, unit):
    ((_, found, number, said, _),) = figures(text)
    assert (found, number, said) == (quote, Decimal(value), unit)


@pytest.mark.parametrize(
    "text",
    [
        "架空。年間10GWhの電力。",  # energy, not 10 GW of power
        "架空。100MWhの蓄電池。",
        "Invented. Japan (日本) will supply 2 harbour cranes.",  # "ha" of harbour is no hectare
    ],
)
def test_a_unit_in_latin_letters_ends_where_its_letters_end(text):
    assert not [f for f in figures(text) if f[3] in ("GW", "MW", "ha")]


@pytest.mark.parametrize(
    "text, quote, value, unit",
    [
        ("Invented. Japan set a target of five trillion yen.", "five trillion yen", 5e12, "jpy"),
        ("Invented. A fund of one lakh crore rupees.", "one lakh crore rupees", 1e12, "inr"),
    ],
)
def test_a_number_in_words_with_its_currency_is_an_amount(text, quote, value, unit):
    assert figures(text) == [("amount", quote, Decimal(value), unit, "exact")]


def test_a_ratio_is_no_count():
    assert figures("Invented. A 50:50 joint venture was established.") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # since a year, a figure
        ("काल्पनिक। 2019 से 5,000 छात्रों ने जापान में अध्ययन किया है।", [("count", "5,000 छात्रों", 5000, "छात्रों", "exact")]),
        ("काल्पनिक। 2018 से 3,000 करोड़ रुपये का निवेश हुआ है।", [("amount", "3,000 करोड़ रुपये", 3e10, "inr", "exact")]),
        # a name with a number in it, then a figure
        ("काल्पनिक। कोविड-19 से 5,000 लोगों की मौत हुई।", [("count", "5,000 लोगों", 5000, "लोगों", "exact")]),
        # a change from one figure to another
        (
            "Invented. Companies increased from around 1,200 to 1,400 companies.",
            [("count", "around 1,200", 1200, None, "about"), ("count", "1,400 companies", 1400, "companies", "exact")],
        ),
        # an amount each, given to a count
        (
            "Invented. The state gave Rs 1,000 to 50,000 flood-affected families.",
            [
                ("amount", "Rs 1,000", 1000, "inr", "exact"),
                ("count", "50,000 flood-affected families", 50000, "flood-affected families", "exact"),
            ],
        ),
        # "and more than" begins the next figure
        (
            "Invented. Japan invested USD 40 billion and more than 1,400 Japanese companies operate in India.",
            [
                ("amount", "USD 40 billion", 4e10, "usd", "exact"),
                ("count", "more than 1,400 Japanese companies", 1400, "japanese companies", "at-least"),
            ],
        ),
        # tn and TN outside an amount are tonnes or Tamil Nadu
        ("Invented. 15 TN fishermen were released.", [("count", "15 TN fishermen", 15, "tn fishermen", "exact")]),
        ("Invented. Coal output was 997 mn tn.", [("count", "997 mn tn", 997_000_000, "tn", "exact")]),
        # the thing counted after a range's counter
        ("架空。3～5社の日本企業が参加する。", _range("count", "3～5社の日本企業", 3, 5, "日本企業")),
        (
            "काल्पनिक। 1,200 से 1,400 जापानी कंपनियाँ काम करती हैं।",
            _range("count", "1,200 से 1,400 जापानी कंपनियाँ", 1200, 1400, "जापानी कंपनियाँ"),
        ),
        # a cap per person is the amount's, not the person's
        (
            "架空。上限は1人当たり10万円とする。",
            [("count", "1人", 1, "人", "exact"), ("amount", "10万円", 100_000, "jpy", "exact")],
        ),
    ],
)
def test_words_that_look_like_a_range_or_a_bound_but_are_none(text, expected):
    assert figures(text) == [(k, q, Decimal(v), u, b) for k, q, v, u, b in expected]


def test_a_period_after_an_amount_and_over_stays_a_period():
    text = "Invented. Japan will provide JPY 5 trillion and over the next five years will train 30,000 workers."
    assert [c.quote for c in suggest(text) if c.kind == "period"] == ["over the next five years"]


def test_an_ordinal_before_a_name_that_starts_as_a_months_abbreviation():
    found = [
        (c.quote, c.fields) for c in suggest("Invented. The 7th Jan Aushadhi Diwas was held.") if c.kind == "ordinal"
    ]
    assert found == [("7th Jan Aushadhi Diwas", {"ordinal": 7})]


def test_a_months_abbreviation_ends_a_sentence_where_no_figure_follows():
    text = "Invented. Exports reached USD 5 billion in Jan. The target of USD 10 billion remains."
    (stub,) = [c for c in suggest(text) if c.kind == "progress"]
    assert stub.quote == "Exports reached USD 5 billion in Jan."


def test_an_amount_announced_is_no_report_of_what_was_reached():
    text = "काल्पनिक। सरकार ने 1.5 लाख करोड़ रुपये का परिव्यय घोषित किया।"
    assert not [c for c in suggest(text) if c.kind == "progress"]
