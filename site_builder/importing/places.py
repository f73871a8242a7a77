"""Where an event took place: the dateline's city, or the city the lead puts it "in".

Cities are named in English on the pages, whatever script the article uses: `CITIES` gives
each city its country and its names in Chinese and Russian. A city missing from it is still
taken from a dateline that names its country ("MOSCOW, Idaho (AP) —"). Add a row for a city.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.importing.dates import Dateline
from site_builder.importing.found import Found
from site_builder.model.records import Place


@dataclass(frozen=True)
class City:
    name: str
    country: str
    aliases: tuple[str, ...] = ()


CITIES: tuple[City, ...] = (
    City("Beijing", "China", ("北京", "Пекин", "Пекине")),
    City("Shanghai", "China", ("上海", "Шанхай", "Шанхае")),
    City("Tianjin", "China", ("天津", "Тяньцзинь")),
    City("Xiamen", "China", ("厦门", "Сямэнь")),
    City("Moscow", "Russia", ("莫斯科", "Москва", "Москве")),
    City("Saint Petersburg", "Russia", ("St. Petersburg", "圣彼得堡", "Санкт-Петербург")),
    City("Kazan", "Russia", ("喀山", "Казань", "Казани")),
    City("Sochi", "Russia", ("索契", "Сочи")),
    City("Nizhny Novgorod", "Russia", ("下诺夫哥罗德", "Нижний Новгород", "Нижнем Новгороде")),
    City("Jakarta", "Indonesia", ("雅加达", "Джакарта", "Джакарте")),
    City("Vientiane", "Laos", ("万象", "Вьентьян", "Вьентьяне")),
    City("Astana", "Kazakhstan", ("阿斯塔纳", "Астана", "Астане")),
    City("Almaty", "Kazakhstan", ("阿拉木图", "Алма-Ата", "Алматы")),
    City("Tashkent", "Uzbekistan", ("塔什干", "Ташкент", "Ташкенте")),
    City("Samarkand", "Uzbekistan", ("撒马尔罕", "Самарканд", "Самарканде")),
    City("Bishkek", "Kyrgyzstan", ("比什凯克", "Бишкек", "Бишкеке")),
    City("Dushanbe", "Tajikistan", ("杜尚别", "Душанбе")),
    City("New Delhi", "India", ("新德里", "Нью-Дели", "Нью-Дели")),
    City("Goa", "India", ("果阿", "Гоа")),
    City("Johannesburg", "South Africa", ("约翰内斯堡", "Йоханнесбург", "Йоханнесбурге")),
    City("Cape Town", "South Africa", ("开普敦", "Кейптаун", "Кейптауне")),
    City("Pretoria", "South Africa", ("比勒陀利亚", "Претория", "Претории")),
    City("Rio de Janeiro", "Brazil", ("里约热内卢", "Рио-де-Жанейро")),
    City("Brasilia", "Brazil", ("巴西利亚", "Бразилиа")),
    City("New York", "United States", ("纽约", "Нью-Йорк", "Нью-Йорке")),
    City("Washington", "United States", ("华盛顿", "Вашингтон", "Вашингтоне")),
    City("Geneva", "Switzerland", ("日内瓦", "Женева", "Женеве")),
    City("Kuala Lumpur", "Malaysia", ("吉隆坡", "Куала-Лумпур", "Куала-Лумпуре")),
    City("Phnom Penh", "Cambodia", ("金边", "Пномпень", "Пномпене")),
    City("Bangkok", "Thailand", ("曼谷", "Бангкок", "Бангкоке")),
    City("Hanoi", "Vietnam", ("河内", "Ханой", "Ханое")),
    City("Manila", "Philippines", ("马尼拉", "Манила", "Маниле")),
    City("Singapore", "Singapore", ("新加坡", "Сингапур", "Сингапуре")),
    City("Islamabad", "Pakistan", ("伊斯兰堡", "Исламабад", "Исламабаде")),
    City("Tehran", "Iran", ("德黑兰", "Тегеран", "Тегеране")),
    City("Ankara", "Turkey", ("安卡拉", "Анкара", "Анкаре")),
    City("Minsk", "Belarus", ("明斯克", "Минск", "Минске")),
    City("Ulaanbaatar", "Mongolia", ("乌兰巴托", "Улан-Батор", "Улан-Баторе")),
    City("Pyongyang", "North Korea", ("平壤", "Пхеньян", "Пхеньяне")),
    City("Seoul", "South Korea", ("首尔", "Сеул", "Сеуле")),
    City("Tokyo", "Japan", ("东京", "Токио")),
    City("Berlin", "Germany", ("柏林", "Берлин", "Берлине")),
    City("Paris", "France", ("巴黎", "Париж", "Париже")),
    City("London", "United Kingdom", ("伦敦", "Лондон", "Лондоне")),
)
# Phrases that stand for a city.
CAPITAL_PHRASES: dict[str, str] = {
    "the Chinese capital": "Beijing",
    "the Russian capital": "Moscow",
    "the Indonesian capital": "Jakarta",
    "the Lao capital": "Vientiane",
    "the Laotian capital": "Vientiane",
    "the capital of Laos": "Vientiane",
    "the Kazakh capital": "Astana",
}
_BY_NAME: dict[str, City] = {
    name.casefold(): city for city in CITIES for name in (city.name, *city.aliases)
}
_BY_NAME.update(
    {phrase.casefold(): _BY_NAME[name.casefold()] for phrase, name in CAPITAL_PHRASES.items()}
)
_NAMES = sorted(_BY_NAME, key=len, reverse=True)
# "in Beijing", "в Пекине", "在北京"; a Chinese name needs no space before it.
IN_CITY = re.compile(
    r"(?:\b(?:in|at)\s+|\bв\s+|在)(?P<name>" + "|".join(re.escape(name) for name in _NAMES) + r")",
    re.I,
)


def city_named(name: str) -> City | None:
    return _BY_NAME.get(" ".join(name.split()).casefold())


def find_place(lead: str, dateline: Dateline | None) -> Found[Place] | None:
    """The city the lead puts the event in, else the dateline's city."""
    match = IN_CITY.search(lead)
    if match:
        city = city_named(match["name"])
        if city is not None:
            return Found(Place(city.name, city.country), "text", match.group(0))
    if dateline is not None and dateline.place:
        return _dateline_place(dateline)
    return None


def _dateline_place(dateline: Dateline) -> Found[Place] | None:
    city = city_named(dateline.place)
    if city is not None:
        return Found(Place(city.name, city.country), "dateline", dateline.text)
    if dateline.country:
        return Found(Place(dateline.place.title(), dateline.country), "dateline", dateline.text)
    return None


def place_in_text(text: str) -> Found[Place] | None:
    """Any city the text puts something in: for an undated article, to find its event."""
    return find_place(text, None)
