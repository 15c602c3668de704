"""The one codec: jixiao's values ↔ JSON-able data, lossless, with a format version.

    encode(value) -> dict                  decode(kind, data) -> value
    document(value) -> {"format": "jixiao/<kind>", "version": 1, ...fields}
    from_document(data) -> value           register(kind, type)   kinds() -> names

YAML case files, `--json`, the web API and the store all go through it (docs.md).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from jixiao.codec import engine
from jixiao.codec.engine import (
    PREFIX,
    VERSION,
    CodecError,
    Fixed,
    Projected,
    add_record,
    codec_for,
    encode_any,
    json_number,
    projection,
)
from jixiao.codec.kinds import CORE

__all__ = [
    "VERSION",
    "CodecError",
    "Fixed",
    "Projected",
    "decode",
    "decode_any",
    "document",
    "encode",
    "encode_any",
    "from_document",
    "json_number",
    "kind_of",
    "kinds",
    "projection",
    "register",
]

_KINDS: dict[str, Any] = {}  # kind -> type (a record class, or a type form such as a mapping)
_BY_CLASS: dict[type, str] = {}
_ENVELOPE = ("format", "version")


def register(kind: str, tp: Any) -> None:
    """Give `tp` (a frozen dataclass, a NamedTuple or a type form) a kind name. Records it
    contains must be registered too (in any order: forms are compiled on first use)."""
    known = _KINDS.get(kind)
    if known is not None and known != tp:
        raise ValueError(f"codec kind {kind!r} is already {known!r}")
    if isinstance(tp, type):
        add_record(tp)
        names = {f.name for f in dataclasses.fields(tp)} if dataclasses.is_dataclass(tp) else set()
        if names & set(_ENVELOPE):
            raise ValueError(f"{tp.__name__}: a field named format or version hides the envelope")
        _BY_CLASS[tp] = kind
    _KINDS[kind] = tp


def kinds() -> tuple[str, ...]:
    return tuple(_KINDS)


def kind_of(value: object) -> str:
    found = _BY_CLASS.get(type(value))
    if found is None:
        raise CodecError(f"不是可编码的值（{type(value).__name__}）")
    return found


def _type(kind: str) -> Any:
    tp = _KINDS.get(kind)
    if tp is None:
        raise CodecError(f"不认识的种类「{kind}」（可用：{'、'.join(_KINDS)}）")
    return tp


def encode(value: Any, kind: str | None = None) -> Any:
    """`value`'s JSON form (a dict for a record); `kind` names the form of a value that is no
    record (`facts`, `narrative`), else it comes from the value's class."""
    encoder, _ = codec_for(_type(kind) if kind is not None else type(value))
    return value if encoder is None else encoder(value)


_DEEP = "嵌套太深，不是 jixiao 写出的文档"


def decode_any(data: Any) -> Any:
    """A fact's or rule parameter's value from its tagged JSON form (engine.decode_any)."""
    try:
        return engine.decode_any(data)
    except RecursionError:  # nested beyond the stack (json.loads accepts deeper): refused
        raise CodecError(_DEEP) from None


def decode(kind: str, data: Any) -> Any:
    """The value `data` is the form of; raises CodecError naming the field path in Chinese."""
    _, decoder = codec_for(_type(kind))
    try:
        return decoder(data)
    except RecursionError:  # nested beyond the stack (json.loads accepts deeper): refused
        raise CodecError(_DEEP) from None


def document(value: Any, kind: str | None = None) -> dict[str, Any]:
    """A document: the envelope, then the value's fields (or its form under `value`)."""
    kind = kind or kind_of(value)
    form = encode(value, kind)
    head = {"format": PREFIX + kind, "version": VERSION}
    return {**head, **form} if isinstance(_type(kind), type) else {**head, "value": form}


def from_document(data: Any, kind: str | None = None) -> Any:
    """The value of a document `document` wrote; `kind`, when given, is the one expected."""
    if type(data) is not dict:
        raise CodecError("文档应为映射（format、version 和各字段）")
    found = data.get("format")
    if not isinstance(found, str) or not found.startswith(PREFIX):
        raise CodecError(f"不是 jixiao 的文档（应为 {PREFIX}<种类>）", "format")
    named = found[len(PREFIX) :]
    if kind is not None and named != kind:
        raise CodecError(f"应为 {PREFIX}{kind}，不是 {found}", "format")
    version = data.get("version")
    if type(version) is not int or version != VERSION:
        raise CodecError(
            f"不认识的版本 {version!r}（本程序读写版本 {VERSION}；请用写出它的 jixiao 版本读取）",
            "version",
        )
    tp = _type(named)
    rest = {k: v for k, v in data.items() if k not in _ENVELOPE}
    if isinstance(tp, type):
        return decode(named, rest)
    if set(rest) != {"value"}:
        raise CodecError("应只有 value 一个字段", *(sorted(set(rest) - {"value"})[:1]))
    try:
        return decode(named, rest["value"])
    except CodecError as exc:
        exc.parts.insert(0, "value")
        raise


for _kind, _tp in CORE.items():
    register(_kind, _tp)
