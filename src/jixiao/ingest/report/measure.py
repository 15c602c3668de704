"""What an indicator's analysis states, measured for the facts of its rule: a rate by its
label (满意度99.78%, 预算执行率为 100%), a quarter's execution (分别为 32.74%、63.93%…), done
and planned counts (完成 24 项，计划 25 项), complaints and surveys, and which points or parts
the text says fall short (未对项目进行验收, 不相匹配). The note is bounded by the caller.
"""

from __future__ import annotations

import re
from decimal import Decimal

_RATE = r"[^\d%。；;]{0,8}?(\d{1,3}(?:\.\d{1,4})?)\s*%"
_SPLIT = re.compile(r"[。；;，,、：:\n]")


def stated_rate(note: str, label: str) -> Decimal | None:
    """A rate the analysis states for `label`, as a fraction: 满意度99.78% → 0.9978."""
    if not label or not note:
        return None
    label = re.sub(r"[“”\"'（）()]", "", label)
    text = re.sub(r"[“”\"']", "", note)
    # the label as written, then its last words (满意率), then their stem (满意: 满意度99.78%)
    stems = [label, label[-5:], label[-3:], label[-3:-1]]
    for stem in dict.fromkeys(stems):
        if len(stem) < 2:
            continue
        m = re.search(re.escape(stem) + _RATE, text)
        if m:
            return Decimal(m.group(1)) / 100
    if len(label) >= 6:  # 固定资产利用率 said as 固定资产总体使用率
        m = re.search(re.escape(label[:4]) + r"[\u4e00-\u9fff]{0,6}率" + _RATE, text)
        if m:
            return Decimal(m.group(1)) / 100
    return None


def quarters(note: str) -> list[Decimal] | None:
    """Four quarters' execution rates, as fractions, where the analysis lists them."""
    m = re.search(r"季度[^。]{0,30}?分别(?:为|是|达到|达)?", note)
    if m:
        found = re.findall(r"(\d{1,3}(?:\.\d{1,4})?)\s*%", note[m.end() : m.end() + 80])
        if len(found) >= 4:
            return [Decimal(x) / 100 for x in found[:4]]
    each = {}
    for q, word in enumerate("一二三四", start=1):
        one = re.search(rf"(?:第)?{word}季度[^。%]{{0,16}}?(\d{{1,3}}(?:\.\d{{1,4}})?)\s*%", note)
        if one:
            each[q] = Decimal(one.group(1)) / 100
    return [each[q] for q in range(1, 5)] if len(each) == 4 else None


_UNIT = r"(个|项|次|件|期|份|场|家|台|套)"


def counts(note: str) -> tuple[Decimal | None, Decimal | None, str]:
    """(done, planned, unit) the analysis states: 完成 24 项，计划 25 项; 预算安排项目 25 个."""
    done = plan = None
    unit = ""
    m = re.search(r"(?:已|实际)?完成[^\d。；]{0,8}?(\d{1,6})\s*" + _UNIT, note)
    if m:
        done, unit = Decimal(m.group(1)), m.group(2)
    p = re.search(r"(?:计划|安排|应完成|预定)[^\d。；]{0,10}?(\d{1,6})\s*" + _UNIT, note)
    if p:
        plan, unit = Decimal(p.group(1)), unit or p.group(2)
    return done, plan, unit


def complaints(note: str) -> tuple[Decimal | None, Decimal | None]:
    """(complaints, survey rate) the analysis states; None for what it does not say."""
    heard = None
    if re.search(r"(?:未|没有|并未)[^。；]{0,6}?收到[^。；]{0,8}?投诉|无投诉|零投诉", note):
        heard = Decimal(0)
    m = re.search(r"收到[^。；\d]{0,8}?(\d{1,4})\s*(?:件|起|位|个|次)[^。；]{0,6}?投诉", note)
    if m:
        heard = Decimal(m.group(1))
    survey = None
    if not re.search(r"未[^。；，,]{0,24}?(?:开展|进行|组织)[^。；]{0,12}?调查", note):
        s = re.search(
            r"调查[^。；视]{0,30}?满意[度率][^\d%。；]{0,6}?(\d{1,3}(?:\.\d{1,4})?)\s*%", note
        )
        if s:
            survey = Decimal(s.group(1)) / 100
    return heard, survey


# what says a point or a part falls short; 未发现 / 不存在 / 未出现 say it holds
_SHORT = re.compile(
    r"未(?!发现|出现|发生|超|收到)|没有(?!发现|出现|发生)|不(?=相|够|符|完整|规范|明确|及时|合格|到位|匹配)|尚未|欠缺|缺少"
)


def short_of(note: str, texts: dict[str, str]) -> list[str]:
    """The keys of `texts` the analysis says fall short: the words either side of a
    negation (…资金量不相匹配 → 资金量相匹配) are in the text, or the text's subject stands
    just before a negation (民生诉求热线服务（2022-2023年）未对项目进行验收)."""
    said: list[str] = []
    for clause in _SPLIT.split(note):
        for m in _SHORT.finditer(clause):
            before, after = clause[max(0, m.start() - 3) : m.start()], clause[m.end() : m.end() + 3]
            window = before + after
            for key, text in texts.items():
                if key in said:
                    continue
                plain = re.sub(r"是否|[,，。；;]", "", text)
                subject = _subject(plain)
                close = (
                    subject and subject in clause[max(0, m.start() - len(subject) - 16) : m.start()]
                )
                if (len(window) >= 5 and window in plain) or close:
                    said.append(key)
    return said


def _subject(text: str) -> str:
    """A part's subject: 大鹏新区民生诉求热线服务验收合格率 → 大鹏新区民生诉求热线服务."""
    m = re.match(r"^(.{6,40}?)(?:验收合格率|完成及时率|完成率|合格率|及时率|达标率|通过率)$", text)
    return m.group(1) if m else ""
