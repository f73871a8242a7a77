"""An article's text made safe and split into lines: what is page furniture, what is prose.

The rules hold for any outlet: prose is a line of sentences; furniture (menus, share bars,
credits, tags, copyright lines) is short, or says what it is in one of a few words, in the
three languages the importer reads.
"""

# ruff: noqa: RUF001 (the patterns hold Chinese and Cyrillic text on purpose)

from __future__ import annotations

import re

from site_builder.reading.frontmatter import normalise_text
from site_builder.reading.yamldoc import _FORBIDDEN as FORBIDDEN_IN_FIELDS

EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b50\u2b55\ufe0f\u200d]")
# Line breaks other than `\n`, once `\r` is one: next line (NEL) and Unicode's separators.
OTHER_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SENTENCE_END = (".", "!", "?", '"', "'", "\u201d", "\u00bb", "\u3002", "\uff01", "\uff1f", "\u300d")
MIN_PARAGRAPH_WORDS = 8

# Lines that are page furniture, never the article's own text, in English, Chinese, Russian.
BOILERPLATE = re.compile(
    r"^(home\s*>.*|.*\s>\s.*|news\s*/\s*\w+|reference\(s\):|read (also|more).*|share.*"
    r"|suggest to a friend:?|\(web editor:.*\)|source:.*editor:.*|editor:.*|.*copyright.*"
    r"|.*all rights reserved.*|.*\bICP\b.*|tags?:.*|search trends|related.*|reuters|xinhua|top"
    r"|(photo|file photo|video|graphic)s?\s*[:|/].*|\(?(photo|reporting|writing|editing) by .*"
    r"|.*版权所有.*|.*责任编辑.*|[（(]?编辑[:：].*|分享到.*|相关(新闻|阅读|链接).*|关键词[:：].*"
    r"|.*все права защищены.*|поделиться.*|читайте также.*|теги:.*|фото:.*|источник:.*"
    r"|©.*|.*\u00a9.*)$",
    re.I,
)


def clean_text(text: str) -> str:
    """Plain spaces, `\\n` line ends, no emoji, and none of the characters a draft's fields
    cannot hold (NUL and the other control characters but tab), so that a draft builds."""
    text = OTHER_LINE_BREAKS.sub("\n", normalise_text(text)).replace("\xa0", " ")
    text = text.replace("\u3000", " ")
    return FORBIDDEN_IN_FIELDS.sub("", EMOJI.sub("", text))


def lines_of(text: str) -> tuple[str, ...]:
    """The text's non-empty lines, stripped, with runs of spaces made one."""
    return tuple(" ".join(line.split()) for line in text.split("\n") if line.strip())


def word_count(line: str) -> int:
    """Words, counting two Chinese characters as one word."""
    return len(CJK.sub("", line).split()) + len(CJK.findall(line)) // 2


def letter_words(line: str) -> int:
    """Words with a letter in them (not "&" or "|"), two Chinese characters as one."""
    return word_count(" ".join(word for word in line.split() if re.search(r"[^\W\d_]", word)))


def is_boilerplate(line: str) -> bool:
    return BOILERPLATE.match(line) is not None


def is_prose(line: str) -> bool:
    """A line of the article's own sentences: long enough, ending as a sentence does."""
    return (
        word_count(line) >= MIN_PARAGRAPH_WORDS
        and line.endswith(SENTENCE_END)
        and not is_boilerplate(line)
    )


def prose_paragraphs(lines: tuple[str, ...]) -> tuple[str, ...]:
    """The article's own paragraphs, each once: no menus, credits, licence lines."""
    paragraphs: list[str] = []
    for line in lines:
        if is_prose(line) and line not in paragraphs:
            paragraphs.append(line)
    return tuple(paragraphs)
