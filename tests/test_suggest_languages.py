"""`suggest` in Japanese and Hindi: figures, dates, periods, ordinals and
counts read by each language's pattern tables, mentions found by labels in
any script (a script without spaces by the longest label), the language
chosen by the fact file or the script, and a cost that grows with the text
as English's does.

Every sentence here is invented (each says so: 架空, काल्पनिक, "Invented"),
and so are the two fixture texts of tests/data/languages/."""

from __future__ import annotations

import shutil
import time
from decimal import Decimal
from types import SimpleNamespace

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT, TWO_SOURCES
from factories import make_source
from jointvision.cli import main
from jointvision.source.loader import load_sources
from jointvision.source.numerals import as_ascii, japanese_number, scaled
from jointvision.source.scripts import languages_of, nfkc
from jointvision.source.suggest import mentions, stubs_yaml, suggest

LANGUAGES = ROOT / "tests" / "data" / "languages"
JA_TEXT = (LANGUAGES / "northland-communique-ja.txt").read_text(encoding="utf-8")
HI_TEXT = (LANGUAGES / "southland-report-hi.txt").read_text(encoding="utf-8")


def figures(text: str, sources=None, language=None) -> list[tuple]:
    """The candidates of ``text`` but mentions: kind, quote, start, end and fields; each quote is the text at
    its offsets."""
    found = [c for c in suggest(text, sources, language) if c.kind != "mention"]
    for c in found:
        assert text[c.start : c.end] == c.quote
    return [(c.kind, c.quote, c.start, c.end, c.fields) for c in found]


def _amount(value, unit, bound="exact") -> dict:
    return {"value": value, "unit": unit, "bound": bound}


# ------------------------------------------------------------------------------------------------ Japanese
#: Invented sentences (架空: invented), one candidate each: kind, quote, start, end, fields.
JAPANESE = [
    ("架空：日本は10兆円の投資を目指す。", "amount", "10兆円", 6, 10, _amount(10**13, "jpy")),
    ("架空：うち5兆円を充てる。", "amount", "5兆円", 5, 8, _amount(5 * 10**12, "jpy")),
    ("架空：２０兆円の投資。", "amount", "２０兆円", 3, 7, _amount(2 * 10**13, "jpy")),
    ("架空：1億2345万円の予算。", "amount", "1億2345万円", 3, 11, _amount(123_450_000, "jpy")),
    ("架空：5,000万円の予算。", "amount", "5,000万円", 3, 10, _amount(50_000_000, "jpy")),
    ("架空：¥5,000万の予算。", "amount", "¥5,000万", 3, 10, _amount(50_000_000, "jpy")),
    ("架空：1.5兆円の基金。", "amount", "1.5兆円", 3, 8, _amount(1_500_000_000_000, "jpy")),
    ("架空：約3億ドルの融資。", "amount", "約3億ドル", 3, 8, _amount(300_000_000, "usd", "about")),
    ("架空：およそ500億ルピーの支援。", "amount", "およそ500億ルピー", 3, 13, _amount(5 * 10**10, "inr", "about")),
    ("架空：US$10億を拠出。", "amount", "US$10億", 3, 9, _amount(10**9, "usd")),
    ("架空：10億USDの枠。", "amount", "10億USD", 3, 9, _amount(10**9, "usd")),
    ("架空：USD 5億の支援。", "amount", "USD 5億", 3, 9, _amount(5 * 10**8, "usd")),  # not English's USD 5
    ("架空：ＵＳＤ５億の支援。", "amount", "ＵＳＤ５億", 3, 8, _amount(5 * 10**8, "usd")),
    ("架空：50万人の人材交流。", "count", "50万人の人材交流", 3, 12, _amount(500_000, "人材交流")),
    ("架空：5万人以上の学生を受け入れる。", "count", "5万人以上の学生", 3, 11, _amount(50_000, "学生", "at-least")),
    ("架空：最大5,000人を派遣。", "count", "最大5,000人", 3, 11, _amount(5000, "人", "at-most")),
    ("架空：五千人が参加。", "count", "五千人", 3, 6, _amount(5000, "人")),
    ("架空：三百社が出展。", "count", "三百社", 3, 6, _amount(300, "社")),
    # を超える (exceeds) is a bound: more than 250,000 people
    ("架空：二十五万人を超える。", "count", "二十五万人を超える", 3, 12, _amount(250_000, "人", "at-least")),
    ("架空：50名未満の代表団。", "count", "50名未満の代表団", 3, 12, _amount(50, "代表団", "at-most")),
    ("架空：100社超が参加。", "count", "100社超", 3, 8, _amount(100, "社", "at-least")),
    ("架空：1万人まで受け入れる。", "count", "1万人まで", 3, 8, _amount(10_000, "人", "at-most")),
    ("架空：10万人程度の雇用。", "count", "10万人程度の雇用", 3, 12, _amount(100_000, "雇用", "about")),
    ("架空：10万人弱の観客。", "count", "10万人弱の観客", 3, 11, _amount(100_000, "観客", "at-most")),
    ("架空：少なくとも3件の協定。", "count", "少なくとも3件の協定", 3, 13, _amount(3, "協定", "at-least")),
    ("架空：5千人の学生。", "count", "5千人の学生", 3, 9, _amount(5000, "学生")),  # digits, then a thousand
    ("架空：約1万2千人の研修生。", "count", "約1万2千人の研修生", 3, 13, _amount(12_000, "研修生", "about")),
    ("架空：2千5百人。", "count", "2千5百人", 3, 8, _amount(2500, "人")),
    ("架空：3千億円の投資。", "amount", "3千億円", 3, 7, _amount(3 * 10**11, "jpy")),
    ("架空：1億5千万円の予算。", "amount", "1億5千万円", 3, 9, _amount(150_000_000, "jpy")),
    # a thing counted is the whole run of its name, not its first eight characters
    (
        "架空：10か所の日本語教育センター。",
        "count",
        "10か所の日本語教育センター",
        3,
        17,
        _amount(10, "日本語教育センター"),
    ),
    # a run too long to be one name gives no thing counted rather than part of a word
    ("架空：10か所の日本語教育研修修了者認定制度参加者受入施設。", "count", "10か所", 3, 7, _amount(10, "か所")),
    (
        "架空：毎年1,000人の看護師を育成。",
        "count",
        "毎年1,000人の看護師",
        3,
        15,
        {**_amount(1000, "看護師"), "per": "P1Y"},
    ),
    ("架空：年間500人を招へい。", "count", "年間500人", 3, 9, {**_amount(500, "人"), "per": "P1Y"}),
    ("架空：会談は2025年8月29日に開かれた。", "date", "2025年8月29日", 6, 16, {"start_date": "2025-08-29"}),
    (
        "架空：２０２５年８月２９日～３０日に開催。",
        "date",
        "２０２５年８月２９日～３０日",
        3,
        17,
        {"start_date": "2025-08-29", "end_date": "2025-08-30"},
    ),
    (
        "架空：2025年8月29～30日に開催。",
        "date",
        "2025年8月29～30日",
        3,
        16,
        {"start_date": "2025-08-29", "end_date": "2025-08-30"},
    ),
    ("架空：2031年3月に署名。", "date", "2031年3月", 3, 10, {"start_date": "2031-03"}),
    ("架空：8月29日に開催。", "date", "8月29日", 3, 8, {"start_date": "--08-29", "year": "not stated in these words"}),
    ("架空：令和7年4月1日に発効。", "date", "令和7年4月1日", 3, 11, {"start_date": "2025-04-01"}),
    (
        "架空：2031年から2035年までの計画。",
        "period",
        "2031年から2035年まで",
        3,
        17,
        {"period": {"start_year": 2031, "end_year": 2035}},
    ),
    ("架空：2031～2035年の計画。", "period", "2031～2035年", 3, 13, {"period": {"start_year": 2031, "end_year": 2035}}),
    (
        "架空：2031年3月から2036年3月までの期間。",
        "period",
        "2031年3月から2036年3月まで",
        3,
        21,
        {"period": {"start": "2031-03", "end": "2036-03"}},
    ),
    ("架空：今後5年間で実施。", "period", "今後5年間", 3, 8, {"period": {"duration": "P5Y"}}),
    ("架空：10年間の協力。", "period", "10年間", 3, 7, {"period": {"duration": "P10Y"}}),
    ("架空：3か月の研修。", "period", "3か月", 3, 6, {"period": {"duration": "P3M"}}),
    ("架空：2週間の滞在。", "period", "2週間", 3, 6, {"period": {"duration": "P14D"}}),
    ("架空：3日間の訪問。", "period", "3日間", 3, 6, {"period": {"duration": "P3D"}}),
    ("架空：2030年までに達成。", "due", "2030年までに", 3, 11, {"due": 2030}),
    ("架空：2031年3月末までに完了。", "due", "2031年3月末までに", 3, 14, {"due": "2031-03"}),
    ("架空：第15回日印年次首脳会談が開かれた。", "ordinal", "第15回日印年次首脳会談", 3, 15, {"ordinal": 15}),
    ("架空：第2次計画。", "ordinal", "第2次計画", 3, 8, {"ordinal": 2}),
    # a figure with a myriad and nothing counted after it: its whole value, the unit left to name
    ("架空：訪問者数は230万に増加した。", "count", "230万", 8, 12, _amount(2_300_000, None)),
    ("架空：約5億が拠出された。", "count", "約5億", 3, 6, _amount(500_000_000, None, "about")),
    ("架空：一千万以上に上る。", "count", "一千万以上", 3, 8, _amount(10_000_000, None, "at-least")),
]


@pytest.mark.parametrize("text, kind, quote, start, end, fields", JAPANESE)
def test_japanese_figures_dates_periods_and_ordinals(text, kind, quote, start, end, fields):
    assert [f for f in figures(text) if f[0] != "progress"] == [(kind, quote, start, end, fields)]


@pytest.mark.parametrize(
    "text",
    [
        "架空：数千人が集まった。",  # some thousands: no figure
        "架空：一人ひとりが参加した。",  # one, as a word
        "架空：両国は協力する。",  # both countries
        "架空：2031年に。",  # a year alone
        "架空：二十日に。",  # a day of the month, no count
        "架空：5,000に上る。",  # a figure with no myriad and nothing counted: no count
    ],
)
def test_japanese_words_that_state_no_figure_are_no_candidates(text):
    assert figures(text) == []


# -------------------------------------------------------------------------------------------------- Hindi
#: Invented sentences (काल्पनिक: invented), one candidate each: kind, quote, start, end, fields.
HINDI = [
    ("काल्पनिक: जापान 10 ट्रिलियन येन का निवेश करेगा।", "amount", "10 ट्रिलियन येन", 16, 31, _amount(10**13, "jpy")),
    # what became of the things counted is not part of their name; what describes them is
    ("काल्पनिक: 5,000 नर्सें प्रशिक्षित हुईं।", "count", "5,000 नर्सें", 10, 22, _amount(5000, "नर्सें")),
    ("काल्पनिक: 12 केंद्र कार्यरत हैं।", "count", "12 केंद्र", 10, 19, _amount(12, "केंद्र")),
    ("काल्पनिक: 5 प्रशिक्षित नर्सें भेजी जाएँगी।", "count", "5 प्रशिक्षित नर्सें", 10, 29, _amount(5, "प्रशिक्षित नर्सें")),
    ("काल्पनिक: ₹500 करोड़ की लागत।", "amount", "₹500 करोड़", 10, 20, _amount(5 * 10**9, "inr")),
    (
        "काल्पनिक: रु. 1,500 करोड़ से अधिक का निवेश।",
        "amount",
        "रु. 1,500 करोड़ से अधिक",
        10,
        33,
        _amount(15 * 10**9, "inr", "at-least"),
    ),
    ("काल्पनिक: 2 लाख रुपये का अनुदान।", "amount", "2 लाख रुपये", 10, 21, _amount(200_000, "inr")),
    ("काल्पनिक: USD 5 अरब का ऋण।", "amount", "USD 5 अरब", 10, 19, _amount(5 * 10**9, "usd")),
    ("काल्पनिक: 3 करोड़ रुपए खर्च।", "amount", "3 करोड़ रुपए", 10, 22, _amount(3 * 10**7, "inr")),
    ("काल्पनिक: 5 अरब अमेरिकी डॉलर का ऋण।", "amount", "5 अरब अमेरिकी डॉलर", 10, 28, _amount(5 * 10**9, "usd")),
    ("काल्पनिक: 10 लाख करोड़ रुपये का बाज़ार।", "amount", "10 लाख करोड़ रुपये", 10, 28, _amount(10**13, "inr")),
    ("काल्पनिक: ढाई लाख रुपये की सहायता।", "amount", "ढाई लाख रुपये", 10, 23, _amount(250_000, "inr")),
    ("काल्पनिक: 10 अरब डॉलर तक का निवेश।", "amount", "10 अरब डॉलर तक", 10, 24, _amount(10**10, "usd", "at-most")),
    ("काल्पनिक: 3 मिलियन डॉलर से कम।", "amount", "3 मिलियन डॉलर से कम", 10, 29, _amount(3 * 10**6, "usd", "at-most")),
    ("काल्पनिक: 5 लाख लोगों का आदान-प्रदान।", "count", "5 लाख लोगों", 10, 21, _amount(500_000, "लोगों")),
    # a figure with its scale words and nothing counted after them: its whole value, the unit left to name
    ("काल्पनिक: संख्या बढ़कर 2.3 लाख हो गई।", "count", "2.3 लाख", 23, 30, _amount(230_000, None)),
    ("काल्पनिक: संख्या लगभग 5 करोड़ है।", "count", "लगभग 5 करोड़", 17, 29, _amount(5 * 10**7, None, "about")),
    ("काल्पनिक: यह 2 लाख से अधिक है।", "count", "2 लाख से अधिक", 13, 26, _amount(200_000, None, "at-least")),
    (
        "काल्पनिक: 5 लाख से अधिक लोगों के आदान-प्रदान का लक्ष्य है।",
        "count",
        "5 लाख से अधिक लोगों",
        10,
        29,
        _amount(500_000, "लोगों", "at-least"),
    ),
    (
        "काल्पनिक: 50,000 भारतीय छात्रों को प्रशिक्षण।",
        "count",
        "50,000 भारतीय छात्रों",
        10,
        31,
        _amount(50_000, "भारतीय छात्रों"),
    ),
    (
        "काल्पनिक: 5 लाख लोगों से अधिक का आदान-प्रदान।",
        "count",
        "5 लाख लोगों से अधिक",
        10,
        29,
        _amount(500_000, "लोगों", "at-least"),
    ),
    ("काल्पनिक: 100 जहाज़ों से कम बनेंगे।", "count", "100 जहाज़ों से कम", 10, 27, _amount(100, "जहाज़ों", "at-most")),
    ("काल्पनिक: लगभग ५०,००० पेशेवर जाएंगे।", "count", "लगभग ५०,००० पेशेवर", 10, 28, _amount(50_000, "पेशेवर", "about")),
    ("काल्पनिक: कम से कम 100 जहाज़ बनेंगे।", "count", "कम से कम 100 जहाज़", 10, 28, _amount(100, "जहाज़", "at-least")),
    ("काल्पनिक: पांच हजार लोग आए।", "count", "पांच हजार लोग", 10, 23, _amount(5000, "लोग")),
    ("काल्पनिक: 1,00,000 पेड़ लगाए गए।", "count", "1,00,000 पेड़", 10, 23, _amount(100_000, "पेड़")),
    (
        "काल्पनिक: हर साल 1,000 छात्र आएंगे।",
        "count",
        "हर साल 1,000 छात्र",
        10,
        28,
        {**_amount(1000, "छात्र"), "per": "P1Y"},
    ),
    (
        "काल्पनिक: 500 नर्सें प्रति वर्ष आएंगी।",
        "count",
        "500 नर्सें प्रति वर्ष",
        10,
        31,
        {**_amount(500, "नर्सें"), "per": "P1Y"},
    ),
    (
        "काल्पनिक: बैठक 29-30 अगस्त 2025 को हुई।",
        "date",
        "29-30 अगस्त 2025",
        15,
        31,
        {"start_date": "2025-08-29", "end_date": "2025-08-30"},
    ),
    ("काल्पनिक: 4 मार्च 2031 को मुलाकात।", "date", "4 मार्च 2031", 10, 22, {"start_date": "2031-03-04"}),
    ("काल्पनिक: जनवरी 2019 में हस्ताक्षर।", "date", "जनवरी 2019", 10, 20, {"start_date": "2019-01"}),
    (
        "काल्पनिक: 29 अगस्त को बैठक।",
        "date",
        "29 अगस्त",
        10,
        18,
        {"start_date": "--08-29", "year": "not stated in these words"},
    ),
    (
        "काल्पनिक: 2031 से 2036 तक की योजना।",
        "period",
        "2031 से 2036 तक",
        10,
        25,
        {"period": {"start_year": 2031, "end_year": 2036}},
    ),
    (
        "काल्पनिक: २०३१ से २०३६ तक की योजना।",
        "period",
        "२०३१ से २०३६ तक",
        10,
        25,
        {"period": {"start_year": 2031, "end_year": 2036}},
    ),
    (
        "काल्पनिक: मार्च 2026 से मार्च 2031 तक।",
        "period",
        "मार्च 2026 से मार्च 2031 तक",
        10,
        37,
        {"period": {"start": "2026-03", "end": "2031-03"}},
    ),
    (
        "काल्पनिक: 2028 और 2032 के बीच।",
        "period",
        "2028 और 2032 के बीच",
        10,
        29,
        {"period": {"start_year": 2028, "end_year": 2032}},
    ),
    ("काल्पनिक: अगले पाँच वर्षों में।", "period", "अगले पाँच वर्षों में", 10, 30, {"period": {"duration": "P5Y"}}),
    ("काल्पनिक: 10 वर्षों के लिए समझौता।", "period", "10 वर्षों के लिए", 10, 26, {"period": {"duration": "P10Y"}}),
    ("काल्पनिक: दो दिवसीय यात्रा।", "period", "दो दिवसीय", 10, 19, {"period": {"duration": "P2D"}}),
    ("काल्पनिक: पाँच वर्षीय योजना।", "period", "पाँच वर्षीय", 10, 21, {"period": {"duration": "P5Y"}}),
    ("काल्पनिक: 2030 तक पूरा होगा।", "due", "2030 तक", 10, 17, {"due": 2030}),
    ("काल्पनिक: मार्च 2031 तक पूरा होगा।", "due", "मार्च 2031 तक", 10, 23, {"due": "2031-03"}),
    (
        "काल्पनिक: 15वें भारत-जापान वार्षिक शिखर सम्मेलन में।",
        "ordinal",
        "15वें भारत-जापान वार्षिक शिखर सम्मेलन",
        10,
        47,
        {"ordinal": 15},
    ),
    ("काल्पनिक: 15वां संवाद हुआ।", "ordinal", "15वां संवाद", 10, 21, {"ordinal": 15}),
    (
        "काल्पनिक: दूसरे भारत-जापान शिखर सम्मेलन में।",
        "ordinal",
        "दूसरे भारत-जापान शिखर सम्मेलन",
        10,
        39,
        {"ordinal": 2},
    ),
]


@pytest.mark.parametrize("text, kind, quote, start, end, fields", HINDI)
def test_hindi_figures_dates_periods_and_ordinals(text, kind, quote, start, end, fields):
    assert [f for f in figures(text) if f[0] != "progress"] == [(kind, quote, start, end, fields)]


@pytest.mark.parametrize(
    "text",
    [
        "काल्पनिक: इन दो देशों के बीच।",  # "these two countries": refers back
        "काल्पनिक: एक समझौता हुआ।",  # "एक" is "a"
        "काल्पनिक: यह पहले ही तय था।",  # "पहले" is "before", no ordinal
        "काल्पनिक: दोनों सरकारें।",  # "both"
        "काल्पनिक: पाँच पाँच पाँच पाँच।",  # number words are no unit
    ],
)
def test_hindi_words_that_state_no_figure_are_no_candidates(text):
    assert figures(text) == []


# -------------------------------------------------------------------------------------------------- numerals
@pytest.mark.parametrize(
    "words, value",
    [
        ("10兆", 10**13),
        ("5万", 50_000),
        ("1億2345万", 123_450_000),
        ("3千万", 30_000_000),
        ("五千", 5000),
        ("三百", 300),
        ("二十五万", 250_000),
        ("千", 1000),
        ("二〇二五", 2025),
        ("1.5兆", 1_500_000_000_000),
        ("五千八百七万六千九十九", 58_076_099),
        ("万", None),
        ("万億", None),
        ("千百千", None),
        ("5万3万", None),
        ("1２", 12),
    ],
)
def test_japanese_numbers_are_read_with_their_myriads(words, value):
    found = japanese_number(words)
    assert (found if found is None else int(found)) == value


def test_digits_of_every_script_are_read_as_ascii_one_for_one():
    text = "Invented: २०२५ ２０２５ ٢٠٢٥ 2025　ＵＳＤ"
    folded = as_ascii(text)
    assert folded == "Invented: 2025 2025 2025 2025 USD" and len(folded) == len(text)
    assert scaled(Decimal("2.5"), [10**9]) == 2_500_000_000 and scaled(Decimal(9) * 10**20, []) is None


def test_nfkc_maps_every_folded_character_back_to_the_text():
    text = "Invented: ﾉｰｽﾗﾝﾄﾞ・ﾄﾞﾙ ２０３１年 ㈱ नॉर्थलैंड"
    folded = nfkc(text)
    assert folded.text == "Invented: ノースランド・ドル 2031年 (株) नॉर्थलैंड"
    start = folded.text.index("ノースランド")
    assert text[folded.start(start) : folded.end(start + 6)] == "ﾉｰｽﾗﾝﾄﾞ"  # ド is two characters of the text
    corp = folded.text.index("(株)")
    assert text[folded.start(corp) : folded.end(corp + 3)] == "㈱"
    assert folded.end(len(folded.text)) == len(text)


def test_the_script_chooses_the_patterns_and_the_language_overrides_it():
    assert languages_of(JA_TEXT) == ["ja"] and languages_of(HI_TEXT) == ["hi"] and languages_of("Invented.") == []
    assert figures("架空：10兆円", language="en") == []  # English's patterns alone: no 兆
    assert figures("架空：10兆円", language="ja-JP")[0][1] == "10兆円"
    assert figures("Invented: JPY 10 trillion and 10兆円", language="hi")[0][1] == "JPY 10 trillion"


def test_a_currency_sign_goes_with_the_scale_words_of_its_language():
    """Japanese takes a sign before a figure with a myriad, Hindi one before a Hindi scale word, English one
    before its own scale words (or none)."""
    text = "Invented: JPY 10 trillion, ¥5,000万, ₹ 500 करोड़, $42 billion, ₹500."
    assert [(quote, fields["value"]) for _, quote, _, _, fields in figures(text)] == [
        ("JPY 10 trillion", 10**13),
        ("¥5,000万", 5 * 10**7),
        ("₹ 500 करोड़", 5 * 10**9),
        ("$42 billion", 42 * 10**9),
        ("₹500", 500),
    ]


def test_english_within_japanese_or_hindi_text_is_still_read():
    text = "架空：JPY 10 trillion（10兆円）、2022-2026、काल्पनिक: USD 1.5 billion।"
    assert [(kind, quote) for kind, quote, *_ in figures(text)] == [
        ("amount", "JPY 10 trillion"),
        ("amount", "10兆円"),
        ("period", "2022-2026"),
        ("amount", "USD 1.5 billion"),
    ]


# ---------------------------------------------------------------------------------------- the fixture texts
#: Everything a person would mark in the invented Japanese communique: two ordinals, a date, a period, two
#: amounts, a length and a count.
JA_FIXTURE = [
    ("ordinal", "第1回ノースランド・サウスランド首脳会談", 66, 86, {"ordinal": 1}),
    ("ordinal", "第1回ノースランド・サウスランド首脳会談", 103, 123, {"ordinal": 1}),
    ("date", "2031年3月3日", 125, 134, {"start_date": "2031-03-03"}),
    ("period", "2031年から2035年まで", 218, 232, {"period": {"start_year": 2031, "end_year": 2035}}),
    ("amount", "20億ノースランド・ドル", 257, 269, _amount(2 * 10**9, "nld")),
    ("amount", "約3億ノースランド・ドル", 322, 334, _amount(3 * 10**8, "nld", "about")),
    ("period", "今後5年間", 346, 351, {"period": {"duration": "P5Y"}}),
    ("count", "5万人以上の学生交流", 352, 362, _amount(50_000, "学生交流", "at-least")),
]
#: Everything a person would mark in the invented Hindi report: a date, an ordinal, a period, an amount, a
#: length and a count.
HI_FIXTURE = [
    ("date", "4 मार्च 2031", 200, 212, {"start_date": "2031-03-04"}),
    ("ordinal", "पहले शिखर सम्मेलन", 216, 233, {"ordinal": 1}),
    ("period", "2031 से 2036 तक", 369, 384, {"period": {"start_year": 2031, "end_year": 2036}}),
    ("amount", "2.5 अरब नॉर्थलैंड डॉलर", 411, 433, _amount(2_500_000_000, "nld")),
    ("period", "अगले पाँच वर्षों में", 535, 555, {"period": {"duration": "P5Y"}}),
    ("count", "5 लाख से अधिक लोगों", 556, 575, _amount(500_000, "लोगों", "at-least")),
]


def _about(entity: str, type_name: str, label: str, quote: str) -> dict:
    return {"about": entity, "type": type_name, "label": label, "evidence": [quote]}


@pytest.fixture(scope="module")
def language_graph(tmp_path_factory) -> list:
    """The two-source fixture with a fact file for each language's text, whose ``about:`` entries give the
    entities labels in Japanese and Hindi (the Port Alpha of the Japanese file without its ・, the Hindi one
    with a composed nukta, where the texts have a ・ and a nukta apart)."""
    folder = tmp_path_factory.mktemp("languages") / "sources"
    shutil.copytree(ROOT / "tests" / "data" / "two-sources", folder)
    ja = [
        _about("northland", "Country", "ノースランド", "ノースランド"),
        _about("southland", "Country", "サウスランド", "サウスランド"),
        _about("port-alpha", "City", "ポートアルファ", "ポート・アルファ"),
        _about("ada-quill", "Person", "エイダ・クイル", "エイダ・クイル"),
        _about("bo-renn", "Person", "ボー・レン", "ボー・レン"),
        _about("harbour-compact", "Agreement", "港湾協定", "港湾協定"),
        _about("northland-development-bank", "Organisation", "ノースランド開発銀行", "ノースランド開発銀行"),
        _about("nld", "Currency", "ノースランド・ドル", "ノースランド・ドル"),
    ]
    hi = [
        _about("northland", "Country", "नॉर्थलैंड", "नॉर्थलैंड"),
        _about("southland", "Country", "साउथलैंड", "साउथलैंड"),
        _about("port-alpha", "City", "पोर्ट अल्\u095eा", "पोर्ट अल्फ़ा"),
        _about("harbour-compact", "Agreement", "हार्बर कॉम्पैक्ट", "हार्बर कॉम्पैक्ट"),
        _about("fisheries-memorandum", "MemorandumOfCooperation", "सहयोग ज्ञापन", "सहयोग ज्ञापन"),
        _about("nld", "Currency", "नॉर्थलैंड डॉलर", "नॉर्थलैंड डॉलर"),
    ]
    make_source(folder, JA_TEXT, ja, source_id="northland-communique-ja", metadata={"language": "ja"})
    make_source(folder, HI_TEXT, hi, source_id="southland-report-hi", metadata={"language": "hi"})
    return load_sources(folder)


@pytest.mark.parametrize("text, expected", [(JA_TEXT, JA_FIXTURE), (HI_TEXT, HI_FIXTURE)], ids=["ja", "hi"])
def test_every_figure_of_the_fixture_texts_is_proposed(text, expected, language_graph):
    """With the graph, amounts are in the currency it names in the text's language (nld); without it, in the
    words the text gives."""
    assert figures(text, language_graph) == expected
    alone = figures(text)
    assert [c[:4] for c in alone] == [c[:4] for c in expected]
    assert {c[4]["unit"] for c in alone if c[0] == "amount"} <= {"ノースランド・ドル", "नॉर्थलैंड डॉलर"}


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            JA_TEXT,
            {
                "northland": ("ノースランド", 69, 5),
                "southland": ("サウスランド", 76, 5),
                "port-alpha": ("ポート・アルファ", 135, 2),
                "ada-quill": ("エイダ・クイル", 157, 1),
                "bo-renn": ("ボー・レン", 176, 1),
                "harbour-compact": ("港湾協定", 194, 1),
                "nld": ("ノースランド・ドル", 260, 2),
                "northland-development-bank": ("ノースランド開発銀行", 279, 1),
            },
        ),
        (
            HI_TEXT,
            {
                "southland": ("साउथलैंड", 139, 4),
                "northland": ("नॉर्थलैंड", 170, 3),
                "port-alpha": ("पोर्ट अल्फ़ा", 241, 1),
                "harbour-compact": ("हार्बर कॉम्पैक्ट", 329, 1),
                "nld": ("नॉर्थलैंड डॉलर", 419, 1),
                "fisheries-memorandum": ("सहयोग ज्ञापन", 501, 1),
            },
        ),
    ],
    ids=["ja", "hi"],
)
def test_mentions_are_found_by_labels_in_the_texts_language(text, expected, language_graph):
    """By the longest label first (ノースランド開発銀行 is the bank, not Northland), with or without ・, a
    nukta composed or not; each at its first mention, with how often it is named."""
    found = {c.fields["about"]: c for c in suggest(text, language_graph) if c.kind == "mention"}
    assert {k: (c.quote, c.start, c.fields["occurs"]) for k, c in found.items()} == expected
    for c in found.values():
        assert text[c.start : c.end] == c.quote


def test_a_name_is_found_across_widths_dots_and_spaces(language_graph):
    text = "Invented (架空): ﾉｰｽﾗﾝﾄﾞとサウス ランド、ポートアルファ。"
    found = {c.fields["about"]: c for c in mentions(text, language_graph)}
    assert {k: c.quote for k, c in found.items()} == {
        "northland": "ﾉｰｽﾗﾝﾄﾞ",
        "southland": "サウス ランド",
        "port-alpha": "ポートアルファ",
    }
    assert all(text[c.start : c.end] == c.quote for c in found.values())


def test_labels_in_several_languages_are_each_a_name():
    """A label that reads as its text in a language (as the reader gives a language-tagged label) and a
    mapping of language to text are both read."""

    class Tagged:
        def __init__(self, text: str, language: str) -> None:
            self.text, self.language = text, language

        def __str__(self) -> str:
            return self.text

    labels = [SimpleNamespace(value=Tagged("Northland", "en")), SimpleNamespace(value=Tagged("ノースランド", "ja"))]
    entity = SimpleNamespace(id="northland", type="Country", about=False, values={"label": labels})
    alias = SimpleNamespace(value={"hi": "नॉर्थलैंड"})
    other = SimpleNamespace(id="northland", type="Country", about=True, values={"label": [alias]})
    sources = [SimpleNamespace(source_id="a", entities=[entity]), SimpleNamespace(source_id="b", entities=[other])]
    text = "Invented: Northland, ノースランド and नॉर्थलैंड."
    (mention,) = mentions(text, sources)
    assert (mention.quote, mention.fields["occurs"], mention.fields["graph_label"]) == ("Northland", 3, "Northland")


def test_the_fact_files_language_chooses_the_patterns(language_graph):
    """The text is the Japanese fact file's: its ``language: ja`` is taken, as the script would be."""
    assert figures(JA_TEXT, language_graph)[0][0] == "ordinal"
    assert figures(JA_TEXT, language_graph, language="en") == []


def test_the_command_reads_a_japanese_text_and_takes_a_language(tmp_path, language_graph):
    path = tmp_path / "text.txt"
    path.write_text(JA_TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["suggest", "--no-mentions", str(path)])
    assert result.exit_code == 0, result.output
    stubs = yaml.safe_load(result.stdout)
    assert [(s["kind"], s["evidence"][0]["quote"]) for s in stubs] == [(k, q) for k, q, *_ in JA_FIXTURE]
    assert yaml.safe_load(stubs_yaml(suggest(JA_TEXT)))[4]["unit"] == "ノースランド・ドル"
    english = CliRunner().invoke(main, ["suggest", "--no-mentions", "--language", "en", str(path)])
    assert english.exit_code == 0 and english.stdout.startswith("# 0 candidate facts")
    bad = CliRunner().invoke(main, ["suggest", "--no-mentions", "--language", "日本語", str(path)])
    assert bad.exit_code == 2 and "--language" in bad.output and "Traceback" not in bad.output


# ----------------------------------------------------------------------------------------- linear cost
def _best_of_three(text: str, sources=None) -> float:
    """The least processor time of three runs of suggest on ``text``: other processes on the machine (the
    suite runs in parallel) do not count."""
    times = []
    for _ in range(3):
        began = time.process_time()
        suggest(text, sources)
        times.append(time.process_time() - began)
    return min(times)


def _repeated(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


#: Invented hostile shapes of Japanese and Hindi text (no facts of any source), and the candidates of one
#: repetition (each repetition gives them again) or None for none at all.
HOSTILE = {
    "kanji numerals": ("一", None),
    "myriads": ("一万", None),
    "digits and myriads": ("1万", None),
    "full-width digits": ("１", None),
    "第": ("第", None),
    "年": ("年", None),
    "から": ("2031年から", None),
    "約": ("約", None),
    "counts": ("5万人以上の", [("count", "5万人以上")]),
    "dots": ("・", None),
    "half-width kana": ("ｶﾞ", None),
    "Devanagari digits": ("५", None),
    "Devanagari digits and spaces": ("५ ", None),
    "लाख": ("लाख ", None),
    "से": ("से ", None),
    "कम से": ("कम से ", None),
    "number words": ("पाँच ", None),
    "nukta": ("ज़", None),
    "vowel signs": ("ाँ", None),
}


@pytest.mark.parametrize("shape", HOSTILE)
def test_hostile_japanese_and_hindi_text_costs_time_in_proportion(shape):
    unit, expected = HOSTILE[shape]
    small = _best_of_three(_repeated(unit, 25_000))
    large = _best_of_three(_repeated(unit, 100_000))
    assert large < 20 and large / max(small, 0.005) < 8, f"25,000 chars: {small:.3f} s, 100,000: {large:.3f} s"
    found = figures(_repeated(unit, 1_000 * len(unit)))
    if expected is None:
        assert found == []
    else:
        assert [(kind, quote) for kind, quote, *_ in found] == expected * 1_000


@pytest.fixture(scope="module")
def english_megabyte() -> float:
    """Seconds of suggest on 1 MB of the embedded article, with the embedded graph's fact files."""
    article = (ROOT / "graph" / "jointvision" / "data" / "sources" / "india-japan-joint-vision-2025.txt").read_text(
        encoding="utf-8"
    )
    return _best_of_three(_repeated(article + "\n", 1_000_000), load_sources())


@pytest.mark.parametrize("text", [JA_TEXT, HI_TEXT], ids=["ja", "hi"])
def test_a_megabyte_of_japanese_or_hindi_costs_about_what_english_does(text, language_graph, english_megabyte):
    """250 KB, then 1 MB of the fixture text (a figure every few words), with the graph's names in its
    language: four times the time at most twice over, and 1 MB within twice English's."""
    small = _best_of_three(_repeated(text, 250_000), language_graph)
    large = _best_of_three(_repeated(text, 1_000_000), language_graph)
    assert large / small < 8, f"250 KB: {small:.2f} s, 1 MB: {large:.2f} s"
    assert large < 2 * english_megabyte, f"1 MB: {large:.2f} s, of English: {english_megabyte:.2f} s"


# ------------------------------------------------------------ progress: reports of what was reached
NO_DATE = "not stated in these words"


def _figure(value, unit, stated, bound="exact") -> dict:
    return {"value": value, "unit": unit, "bound": bound, "stated_as": stated}


#: Invented report sentences, each after an invented first sentence, and the stub each makes.
REPORTS = [
    (
        "架空。2031年3月末までに、5万人の学生が交流に参加した。",
        {"as_of": "2031-03", **_figure(50000, "学生", "5万人の学生")},
    ),
    ("架空。2031年末時点で、3兆円が港湾に投資された。", {"as_of": "2031-12", **_figure(3 * 10**12, "jpy", "3兆円")}),
    ("架空。約束された20の領事館のうち、5つが開設された。", {"as_of": NO_DATE, **_figure(5, "領事館", "5つ")}),
    (
        "架空。これまでに8,000人の看護師が研修を受けた。",
        {"as_of": NO_DATE, **_figure(8000, "看護師", "8,000人の看護師")},
    ),
    (
        "架空。2031年12月31日時点で、12基の港湾クレーンが稼働している。",
        {"as_of": "2031-12-31", **_figure(12, "港湾クレーン", "12基の港湾クレーン")},
    ),
    ("架空。目標の24％が2031年までに達成された。", {"as_of": 2031, "share": 24}),
    # the end of fiscal 2031 is March 2032
    (
        "架空。2031年度末までに約30億円が拠出された。",
        {"as_of": "2032-03", **_figure(3 * 10**9, "jpy", "30億円", "about")},
    ),
    (
        "架空。5兆円の目標のうち、これまでに3.2兆円が投資された。",
        {"as_of": NO_DATE, **_figure(32 * 10**11, "jpy", "3.2兆円")},
    ),
    (
        "架空。5兆円の目標に対し、既に3.2兆円が投資された。",
        {"as_of": NO_DATE, **_figure(32 * 10**11, "jpy", "3.2兆円")},
    ),
    ("架空。2023年に、日本はインドに4兆円を投資した。", {"as_of": 2023, **_figure(4 * 10**12, "jpy", "4兆円")}),
    ("架空。2024年に、対日投資は4兆円を超えた。", {"as_of": 2024, **_figure(4 * 10**12, "jpy", "4兆円", "at-least")}),
    ("架空。2024年に、交流人数は最大5万人に達した。", {"as_of": 2024, **_figure(50000, "人", "5万人")}),
    # reaching keeps a bound the words before say (about, at least), and the figure may have no unit
    ("架空。2024年に、交流人数は約5万人に達した。", {"as_of": 2024, **_figure(50000, "人", "5万人", "about")}),
    (
        "架空。2024年に、来訪者は230万以上に達した。",
        {"as_of": 2024, **_figure(2_300_000, None, "230万以上", "at-least")},
    ),
    (
        "架空。日本が2022年に約束した5兆円のうち、3.2兆円を既に投資した。",
        {"as_of": NO_DATE, **_figure(32 * 10**11, "jpy", "3.2兆円")},
    ),
    ("架空。予定どおり、5万人が交流に参加した。", {"as_of": NO_DATE, **_figure(50000, "人", "5万人")}),
    ("架空。当初の見込みを上回る5万人が参加した。", {"as_of": NO_DATE, **_figure(50000, "人", "5万人")}),
    (
        "架空。2024年10月1日現在、約9,000人が研修を受けている。",
        {"as_of": "2024-10-01", **_figure(9000, "人", "9,000人", "about")},
    ),
    (
        "架空。５兆円の目標のうち３兆円が２０３１年末までに投資された。",
        {"as_of": "2031-12", **_figure(3 * 10**12, "jpy", "３兆円")},
    ),
    ("架空。これまでに三千人が参加した。", {"as_of": NO_DATE, **_figure(3000, "人", "三千人")}),
    (
        "काल्पनिक। 2031 तक 5,000 नर्सों को प्रशिक्षित किया जा चुका था।",
        {"as_of": 2031, **_figure(5000, "नर्सों", "5,000 नर्सों")},
    ),
    (
        "काल्पनिक। मार्च 2031 तक नॉर्थलैंड ने बंदरगाहों में 3 ट्रिलियन येन का निवेश किया।",
        {"as_of": "2031-03", **_figure(3 * 10**12, "jpy", "3 ट्रिलियन येन")},
    ),
    (
        "काल्पनिक। वादा किए गए 20 वाणिज्य दूतावासों में से 5 खोले जा चुके हैं।",
        {"as_of": NO_DATE, **_figure(5, "वाणिज्य दूतावासों", "5")},
    ),
    (
        "काल्पनिक। 2031 के अंत तक 9,000 छात्रों ने भाग लिया था।",
        {"as_of": "2031-12", **_figure(9000, "छात्रों", "9,000 छात्रों")},
    ),
    (
        "काल्पनिक। 31 मार्च 2031 तक 12 बंदरगाह क्रेन चालू हो चुकी थीं।",
        {"as_of": "2031-03-31", **_figure(12, "बंदरगाह क्रेन", "12 बंदरगाह क्रेन")},
    ),
    (
        "काल्पनिक। अब तक ८०० इंजीनियरों को प्रशिक्षित किया गया है।",
        {"as_of": NO_DATE, **_figure(800, "इंजीनियरों", "८०० इंजीनियरों")},
    ),
    ("काल्पनिक। लक्ष्य का 24 प्रतिशत 2031 तक हासिल किया जा चुका था।", {"as_of": 2031, "share": 24}),
    (
        "काल्पनिक। 5 ट्रिलियन येन के लक्ष्य में से 3 ट्रिलियन येन का निवेश किया जा चुका है।",
        {"as_of": NO_DATE, **_figure(3 * 10**12, "jpy", "3 ट्रिलियन येन")},
    ),
    ("काल्पनिक। 1,00,000 पेड़ लगाए गए।", {"as_of": NO_DATE, **_figure(100000, "पेड़", "1,00,000 पेड़")}),
    ("काल्पनिक। 20 केंद्रों में से अब तक 12 खोले जा चुके हैं।", {"as_of": NO_DATE, **_figure(12, "केंद्रों", "12")}),
    (
        "काल्पनिक। 2024 तक व्यापार 22 अरब डॉलर तक पहुँच गया।",
        {"as_of": 2024, **_figure(22 * 10**9, "usd", "22 अरब डॉलर")},
    ),
    (
        "काल्पनिक। 2024 में निवेश 4 ट्रिलियन येन को पार कर गया।",
        {"as_of": 2024, **_figure(4 * 10**12, "jpy", "4 ट्रिलियन येन", "at-least")},
    ),
    ("काल्पनिक। मार्च २०२५ तक चौथे चरण का ६० प्रतिशत काम पूरा हो गया था।", {"as_of": "2025-03", "share": 60}),
    (
        "काल्पनिक। 2023 में 4 ट्रिलियन येन का निवेश किया गया।",
        {"as_of": 2023, **_figure(4 * 10**12, "jpy", "4 ट्रिलियन येन")},
    ),
    (
        "काल्पनिक। 2022 से 2024 के बीच 9,000 छात्रों ने भाग लिया।",
        {"as_of": 2024, **_figure(9000, "छात्रों", "9,000 छात्रों")},
    ),
    (
        "काल्पनिक। दोनों प्रधानमंत्रियों ने इस बात का स्वागत किया कि 2023 तक 3.2 ट्रिलियन येन का निवेश हो चुका है।",
        {"as_of": 2023, **_figure(32 * 10**11, "jpy", "3.2 ट्रिलियन येन")},
    ),
    (
        "काल्पनिक। मेट्रो परियोजना के तहत अब तक 25 स्टेशन खोले जा चुके हैं।",
        {"as_of": NO_DATE, **_figure(25, "स्टेशन", "25 स्टेशन")},
    ),
    (
        "काल्पनिक। जापान द्वारा प्रतिबद्ध 5 ट्रिलियन येन में से 3 ट्रिलियन येन का निवेश किया जा चुका है।",
        {"as_of": NO_DATE, **_figure(3 * 10**12, "jpy", "3 ट्रिलियन येन")},
    ),
    # a state reached at the sentence's end: were operating, are in service, were trained
    ("काल्पनिक। 2032 तक 12 केंद्र कार्यरत थे।", {"as_of": 2032, **_figure(12, "केंद्र", "12 केंद्र")}),
    (
        "काल्पनिक। मार्च 2032 तक 8 भाषा केंद्र कार्यरत थीं।",
        {"as_of": "2032-03", **_figure(8, "भाषा केंद्र", "8 भाषा केंद्र")},
    ),
    ("काल्पनिक। अभी 5 प्रशिक्षण केंद्र चालू हैं।", {"as_of": NO_DATE, **_figure(5, "प्रशिक्षण केंद्र", "5 प्रशिक्षण केंद्र")}),
    ("काल्पनिक। 2031 तक 5,000 नर्सें प्रशिक्षित हुईं।", {"as_of": 2031, **_figure(5000, "नर्सें", "5,000 नर्सें")}),
    # a scaled figure with nothing counted after it is the figure reached, its unit left to name
    (
        "काल्पनिक। 2031 तक आगंतुकों की संख्या बढ़कर 2.3 लाख हो गई।",
        {"as_of": 2031, **_figure(230_000, None, "2.3 लाख")},
    ),
    (
        "काल्पनिक। जैसा कि 2022 में घोषणा की गई थी, अब तक 3.2 ट्रिलियन येन का निवेश हो चुका है।",
        {"as_of": NO_DATE, **_figure(32 * 10**11, "jpy", "3.2 ट्रिलियन येन")},  # 2022: when it was announced
    ),
]


@pytest.mark.parametrize("text, fields", REPORTS)
def test_a_japanese_or_hindi_report_of_what_was_reached_is_a_progress_stub(text, fields):
    sentence = text.split("。", 1)[1] if "。" in text else text.split("। ", 1)[1]
    (stub,) = [c for c in suggest(text) if c.kind == "progress"]
    assert stub.fields == fields
    assert stub.quote == sentence and text[stub.start : stub.end] == sentence
    assert not [c for c in suggest(text) if c.kind in ("due", "date")]  # its date is its as_of


@pytest.mark.parametrize(
    "text",
    [
        "架空。ノースランドは2035年までに5兆円を投資する。",
        "架空。両首脳は、今後5年間で5兆円の投資を目指すことを確認した。",
        "架空。2031年までに5,000人の看護師を育成する予定である。",
        "架空。12基のクレーンが2031年までに稼働する見込みである。",
        "架空。これまでに5万人が参加し、2035年までに10万人となる。",
        "架空。合同事務局は2031年までに開設された。",  # nothing counted
        "架空。2030年までに達成。",
        "काल्पनिक। नॉर्थलैंड 2035 तक 5 ट्रिलियन येन का निवेश करेगा।",
        "काल्पनिक। 5 ट्रिलियन येन के निवेश पर सहमति व्यक्त की गई।",
        "काल्पनिक। 2031 तक 5,000 नर्सों को प्रशिक्षित करने का लक्ष्य है।",
        "काल्पनिक। 12 बंदरगाह क्रेन 2031 तक चालू होने की उम्मीद है।",
        "काल्पनिक। 2035 तक 10,000 छात्र भाग लेंगे।",
        "काल्पनिक। संयुक्त सचिवालय 2031 तक खोला जा चुका था।",  # nothing counted
        # wishes, agreements, welcomes, decisions and other acts of a summit, with figures
        "架空。両首脳は、5兆円の投資を実現したいとの意図を表明した。",
        "架空。両首脳は、5万人の人材交流を実現することで合意した。",
        "架空。両国は、すでに2万人を派遣することで合意している。",
        "架空。累計投資額を10兆円に引き上げることとなった。",
        "काल्पनिक। दोनों प्रधानमंत्रियों ने 5 ट्रिलियन येन के निवेश के लक्ष्य का स्वागत किया।",
        "काल्पनिक। दोनों पक्षों ने 2027 तक 50,000 छात्रों के आदान-प्रदान का निर्णय लिया।",
        "काल्पनिक। 10,000 कुशल श्रमिकों को भेजने का समझौता हुआ।",
        "काल्पनिक। 10 समझौता ज्ञापनों पर हस्ताक्षर किए गए।",
        "काल्पनिक। दोनों नेताओं ने 10 समझौतों को अंतिम रूप देने पर बल दिया।",
        "काल्पनिक। यह तय किया गया कि 2030 तक 20 रिएक्टर चालू किए जाएँ।",
        "काल्पनिक। 5,000 करोड़ रुपये आवंटित किए गए।",
        "काल्पनिक। 2035 तक 20 केंद्र कार्यरत होंगे।",  # will be operating
        "काल्पनिक। संयुक्त केंद्र कार्यरत हैं।",  # nothing counted
    ],
)
def test_a_japanese_or_hindi_promise_or_a_report_of_no_figure_is_no_progress(text):
    assert not [c for c in suggest(text) if c.kind == "progress"]


@pytest.mark.parametrize(
    "text, language",
    [
        ("架空。2032年3月までに、5億ノースランド・ドルが港湾に投資された。", "ja"),
        ("काल्पनिक। मार्च 2032 तक 50 करोड़ NLD का निवेश किया जा चुका था।", "hi"),
        ("काल्पनिक। मार्च 2032 तक NLD 50 करोड़ का निवेश किया जा चुका था।", "hi"),  # the currency before
        ("架空。2032年3月までに、NLD 5億が港湾に投資された。", "ja"),  # the currency before
    ],
)
def test_a_report_in_japanese_or_hindi_is_toward_the_graphs_targets_in_its_unit(text, language):
    graph = load_sources([TWO_SOURCES, LANGUAGES])
    (stub,) = [c for c in suggest(text, graph, language) if c.kind == "progress"]
    assert stub.fields["unit"] == "nld" and stub.fields["value"] == 500_000_000
    assert stub.fields["as_of"] == "2032-03"
    assert "harbour-investment" in stub.fields["toward_candidates"]


def test_each_report_of_a_text_that_mixes_english_japanese_and_hindi_is_a_stub_of_its_own():
    text = (
        "架空。Invented: 800 engineers have been trained so far. これまでに8,000人の看護師が研修を受けた。"
        "Invented: 4 harbour cranes were in service in 2031. अब तक 800 इंजीनियरों को प्रशिक्षित किया गया है।"
    )
    stubs = [c for c in suggest(text) if c.kind == "progress"]
    assert [(s.quote, s.fields["value"]) for s in stubs] == [
        ("Invented: 800 engineers have been trained so far.", 800),
        ("これまでに8,000人の看護師が研修を受けた。", 8000),
        ("Invented: 4 harbour cranes were in service in 2031.", 4),
        ("अब तक 800 इंजीनियरों को प्रशिक्षित किया गया है।", 800),
    ]
