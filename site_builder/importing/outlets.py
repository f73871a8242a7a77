"""Which outlet an article comes from: the agency that wrote it and the site that ran it.

An outlet is recognised by its names (in any of the three scripts) where outlets sign their
work: the dateline's agency, a "Source:" line, a copyright line, a web address, the page's
site name, a short line above or below the text. `OUTLETS` gives each a short canonical name;
an outlet missing from it is still named from its copyright line or its page's site name.
To teach the importer a new outlet, add a row.
"""

# ruff: noqa: RUF001 (the patterns hold Chinese and Cyrillic text on purpose)

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from site_builder.importing.found import Found
from site_builder.importing.text import is_prose, word_count


@dataclass(frozen=True)
class Outlet:
    """An outlet's short canonical name, its names and web addresses, and optionally a page
    layout of its own that names it when nothing else does."""

    name: str
    names: re.Pattern[str]
    layout: re.Pattern[str] | None = None


def _names(*names: str) -> re.Pattern[str]:
    """Any of an outlet's names (regular expressions), in any case."""
    return re.compile("|".join(names), re.I)


OUTLETS: tuple[Outlet, ...] = (
    Outlet(
        "Xinhua",
        _names(r"\bXinhua\b", "新华社", "新华网", r"xinhuanet\.com", r"news\.cn", "Синьхуа"),
    ),
    Outlet("TASS", _names(r"\bTASS\b", "ТАСС", "塔斯社", r"tass\.(?:ru|com)")),
    Outlet("RIA Novosti", _names(r"\bRIA Novosti\b", "РИА Новости", "俄新社", r"\bria\.ru")),
    Outlet("Interfax", _names(r"\bInterfax\b", "Интерфакс", "国际文传电讯社")),
    Outlet("Sputnik", _names(r"\bSputnik\b", "Спутник", "卫星通讯社", "sputniknews")),
    Outlet("RT", re.compile(r"\bRT\b|\brt\.com")),
    Outlet("Kommersant", _names(r"\bKommersant\b", "Коммерсантъ?", r"kommersant\.ru")),
    Outlet("Izvestia", _names(r"\bIzvestia\b", "Известия", r"\biz\.ru")),
    Outlet("Rossiyskaya Gazeta", _names("Rossiyskaya Gazeta", "Российская газета", r"\brg\.ru")),
    Outlet(
        "CGTN",
        _names(r"\bCGTN\b", r"cgtn\.com", "中国国际电视台"),
        re.compile(r"^Updated \d{1,2}:\d{2}, \d{2}-[A-Z][a-z]{2}-\d{4}$", re.M),
    ),
    Outlet("CCTV", _names(r"\bCCTV\b", "央视", "中央电视台", r"cctv\.com")),
    Outlet("China Daily", _names(r"\bChina Daily\b", r"chinadaily\.com", "中国日报")),
    Outlet(
        "Global Times",
        _names(r"\bGlobal Times\b", r"globaltimes\.cn", "环球时报", "环球网", "Глобал таймс"),
    ),
    Outlet("People's Daily Online", _names("People's Daily Online", "人民网", r"people\.cn")),
    Outlet("People's Daily", _names("People's Daily", "人民日报", "Жэньминь жибао")),
    Outlet(
        "China News Service",
        _names("China News Service", "中新社", "中新网", "中国新闻网", r"chinanews\.com"),
    ),
    Outlet("Shanghai Daily", _names("Shanghai Daily", r"\bSHINE\b", r"shine\.cn")),
    Outlet(
        "South China Morning Post", _names("South China Morning Post", r"\bSCMP\b", r"scmp\.com")
    ),
    Outlet(
        "The Associated Press",
        _names(
            "Associated Press", "Ассошиэйтед Пресс", "美联社", r"\(AP\)", "^AP$", r"apnews\.com"
        ),
    ),
    Outlet("Bloomberg", _names(r"\bBloomberg\b", "彭博社", "Блумберг")),
    Outlet("Reuters", _names(r"\bReuters\b", "Рейтер", "路透社")),
    Outlet("AFP", _names(r"\bAFP\b", "Agence France-Presse", "Франс[ -]Пресс", "法新社")),
    Outlet("Kyodo News", _names(r"\bKyodo\b", "Киодо", "共同社")),
    Outlet("ANTARA", _names(r"\bANTARA\b", r"antaranews\.com")),
    Outlet("Lao News Agency", _names(r"\bKPL\b", "Lao News Agency")),
    Outlet("DW", _names(r"\bDW\b", "Deutsche Welle", r"\bdw\.com")),
    Outlet("BBC", _names(r"\bBBC\b", "Би-би-си")),
    Outlet("Al Jazeera", _names(r"\bAl Jazeera\b", r"aljazeera\.com")),
    Outlet(
        "Ministry of Foreign Affairs of China",
        _names(
            r"Ministry of Foreign Affairs of (?:the People's Republic of )?China",
            r"fmprc\.gov\.cn",
            "中华人民共和国外交部",
            "Chinese Foreign Ministry",
        ),
        re.compile(r"^Suggest to a friend:?$|^Home > China News$", re.M),
    ),
    Outlet(
        "Ministry of Foreign Affairs of Russia",
        _names(
            r"Ministry of Foreign Affairs of (?:the )?Russian? Federation",
            r"\bmid\.ru",
            "Министерство иностранных дел Российской Федерации",
            "МИД России",
        ),
    ),
    Outlet("Kremlin", _names(r"kremlin\.ru", "Президент России", "President of Russia")),
)

# Where outlets sign: a "Source:" line names the original, a copyright line the site.
SOURCE_LINE = re.compile(
    r"^(?:source|来源|источник)\s*[:：]\s*(?P<name>[^|:：]+?)(?:\s+\w+\s*[:：]|\s*[|]|$)", re.I
)
COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright|版权所有)", re.I)
_COPYRIGHT_HOLDER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?:©\s*)?(?P<name>[^|,©]+?)"
    r"(?:\s+\d{4})?(?:\.\s|\.$|,|\s*\||\s+All rights|$)",
    re.I,
)
# The shape of an outlet's name: what news outlets' names end with, or a web address.
MASTHEAD = re.compile(
    r"^(?:The )?[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*)*? (?:Times|Post|News|Daily|Journal|Herald"
    r"|Tribune|Gazette|Agency|Press|Service|Telegraph|Guardian|Observer|Chronicle|Monitor"
    r"|Broadcasting|Radio|Television|Network|Online)(?: Agency| Online| International)?$"
    r"|^[\w-]+\.(?:ru|com|cn|net|org|kz|uz|by|kg)$|^[\u4e00-\u9fff]{2,6}(?:新闻|日报|晚报|网|社)$",
)
MAX_MASTHEAD_WORDS = 5
# What a Chinese dateline calls the outlet itself ("本报北京4月9日电": "this paper").
THIS_OUTLET = ("本报", "本刊", "本台", "本网")
MASTHEAD_LINES = 3  # a masthead is one of the first lines
# Company forms a copyright line may name its holder with.
COMPANY_FORM = re.compile(r"\b(?:ООО|ОАО|ЗАО|АО|LLC|Ltd\.?|Inc\.?|GmbH|Co\.)(?=\s|$)", re.I)
WEB_ADDRESS = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|cn|ru|org|net|gov\.cn)\b", re.I)
MAX_MARK_WORDS = 6


def known_outlet(text: str) -> str | None:
    """The canonical name of the first outlet `text` names."""
    text = text.replace("\u2019", "'")
    return next((outlet.name for outlet in OUTLETS if outlet.names.search(text)), None)


def is_outlet_name(line: str) -> bool:
    """Whether the line is mostly an outlet's name: a masthead, not a headline."""
    line = line.replace("\u2019", "'").strip()
    for outlet in OUTLETS:
        match = outlet.names.search(line)
        if match and len(match.group(0)) >= 0.6 * len(line):
            return True
    return False


def canonical_outlet(name: str) -> str:
    """An outlet's name as written anywhere (a page's `outlet:` too), reduced to the
    canonical name of the original outlet it names: for comparing citations."""
    first = re.split(r",\s*(?:republished|via|retold)\b", name)[0]
    return (known_outlet(first) or first).casefold().strip()


@dataclass(frozen=True)
class Marks:
    """What an article shows of its outlets."""

    agency: str | None  # from the dateline
    lines: tuple[str, ...]
    site_name: str | None = None  # a saved page's own name for its site


def find_outlet(marks: Marks) -> Found[str] | None:
    """ "Xinhua, republished by Shanghai Daily": the original, and the site when another."""
    original = _original(marks)
    site = _site(marks)
    if original and site and original.value.casefold() != site.value.casefold():
        both = f"{original.value}, republished by {site.value}"
        return Found(both, f"{original.because()} and {site.because()}")
    return original or site


def _original(marks: Marks) -> Found[str] | None:
    if marks.agency:
        name = known_outlet(marks.agency) or _agency_name(marks.agency, marks.lines)
        if name:
            return Found(name, "dateline agency", marks.agency)
    for line in marks.lines:
        source = SOURCE_LINE.match(line)
        if source:
            name = known_outlet(source["name"]) or source["name"].strip()
            return Found(name, "source line", line)
    return None


def _agency_name(agency: str, lines: Iterable[str]) -> str | None:
    """An agency the table does not know: the masthead that names it ("Yonhap News Agency"
    for "(Yonhap)"), else its name as the dateline writes it."""
    agency = agency.strip()
    if agency in THIS_OUTLET:
        return None
    if not re.fullmatch(r"[^\W\d_][\w.&' -]{1,30}", agency) or len(agency.split()) > 4:
        return None
    masthead = next(
        (line for line in lines if is_masthead(line) and agency.casefold() in line.casefold()),
        None,
    )
    if masthead:
        return masthead
    return agency.title() if agency.isupper() and len(agency) > 4 else agency


def is_masthead(line: str) -> bool:
    """A line that is an outlet's name by its shape: "The New York Times", "Lenta.ru",
    "Yonhap News Agency", "澎湃新闻"."""
    return word_count(line) <= MAX_MASTHEAD_WORDS and (
        MASTHEAD.search(line) is not None or is_outlet_name(line)
    )


def _site(marks: Marks) -> Found[str] | None:
    """The site that ran the article: its copyright line, address, site name or layout."""
    for line in marks.lines:
        if COPYRIGHT.search(line) and not is_prose(line):
            found = _copyright_holder(line)
            if found:
                return Found(found, "copyright line", line)
    if marks.site_name:
        return Found(known_outlet(marks.site_name) or marks.site_name, "site name", marks.site_name)
    for line in marks.lines:
        if (word_count(line) <= MAX_MARK_WORDS or is_outlet_name(line)) and not is_prose(line):
            name = known_outlet(line)
            if name:
                return Found(name, "line", line)
    for line in marks.lines:
        for address in WEB_ADDRESS.findall(line):
            name = known_outlet(address)
            if name:
                return Found(name, "web address", address)
    text = "\n".join(marks.lines)
    for outlet in OUTLETS:
        if outlet.layout is not None:
            match = outlet.layout.search(text)
            if match:
                return Found(outlet.name, "page layout", match.group(0))
    masthead = next((line for line in marks.lines[:MASTHEAD_LINES] if is_masthead(line)), None)
    return Found(masthead, "masthead", masthead) if masthead else None


def _copyright_holder(line: str) -> str | None:
    name = known_outlet(line)
    if name:
        return name
    match = _COPYRIGHT_HOLDER.search(line)
    holder = COMPANY_FORM.sub("", match["name"]).strip(" «»\"'") if match else ""
    return holder if 1 <= word_count(holder) <= MAX_MARK_WORDS else None


def mark_lines(lines: Iterable[str]) -> tuple[str, ...]:
    """The lines where an outlet signs: all but the prose, plus prose with a "Source:"."""
    return tuple(line for line in lines if not is_prose(line) or SOURCE_LINE.match(line))
