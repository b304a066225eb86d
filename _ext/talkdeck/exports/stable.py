"""Pagefind's bundle made byte-stable: the same pages always give the same files.

Pagefind 1.5.2 writes everything in a fixed order but its filter chunks: it keeps each filter's
values in a hash map whose order changes from one run to the next (its source says so: "TODO:
Change filter indexes to BTree to give them a stable hash"), so a filter chunk's bytes and name,
the meta file that lists the chunks, and the entry file that names the meta file differ between
two runs over the same pages. Here each filter chunk's values are put in order of their text, the
meta file lists the filters in order of their names, and every file that changed is named again
by a digest of its bytes, as Pagefind names them.

The chunks are gzip files of a signature followed by CBOR (RFC 8949); only the part of CBOR
Pagefind writes (unsigned integers, text, arrays) is read and written here.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import struct
from typing import Any

SIGNATURE = b"pagefind_dcd"
_META = re.compile(r"pagefind\.(?P<hash>[\w-]+)\.pf_meta")


class UnknownFormat(ValueError):
    """A chunk that is not what Pagefind 1.5 writes."""


def stable(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle (path relative to the bundle -> bytes) with sorted filter chunks."""
    metas = [path for path in files if _META.fullmatch(path)]
    if len(metas) != 1:
        raise UnknownFormat(f"expected one .pf_meta file, found {sorted(metas)}")
    meta_path = metas[0]
    language = _META.fullmatch(meta_path)["hash"].split("_")[0]  # type: ignore[index]
    meta = read(files[meta_path])
    try:
        version, pages, chunks, filters, sorts, fields = meta
    except ValueError:
        raise UnknownFormat("the .pf_meta file does not have the six parts of Pagefind 1.5") from None
    out = {path: data for path, data in files.items() if not path.startswith("filter/") and path != meta_path}
    renamed = []
    for name, old in sorted(filters):
        chunk = read(files[f"filter/{old}.pf_filter"])
        chunk = [chunk[0], sorted(chunk[1], key=lambda value: value[0])]
        data = write(chunk)
        new = _name(language, data, 7, {f"filter/{h}.pf_filter" for _, h in renamed})
        out[f"filter/{new}.pf_filter"] = data
        renamed.append([name, new])
    data = write([version, pages, chunks, renamed, sorts, fields])
    meta_hash = _name(language, data, 10, set())
    out[f"pagefind.{meta_hash}.pf_meta"] = data
    entry = json.loads(files["pagefind-entry.json"])
    entry["languages"][language]["hash"] = meta_hash
    out["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    return out


def _name(language: str, data: bytes, length: int, taken: set[str]) -> str:
    digest = hashlib.sha256(data).hexdigest()
    while f"filter/{language}_{digest[:length]}.pf_filter" in taken:  # never seen; as Pagefind does
        length += 1
    return f"{language}_{digest[:length]}"


def read(data: bytes) -> Any:
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise UnknownFormat("a chunk without Pagefind's signature")
    value, end = _decode(raw, len(SIGNATURE))
    if end != len(raw):
        raise UnknownFormat("a chunk with bytes after its value")
    return value


def write(value: Any) -> bytes:
    """A chunk's bytes: gzip (no time stamp, no file name) of the signature and the value."""
    return gzip.compress(SIGNATURE + _encode(value), compresslevel=9, mtime=0)


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        count = info
    elif 24 <= info <= 27:
        size = 1 << (info - 24)
        count = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise UnknownFormat(f"CBOR item {data[at - 1]:#x} is not one Pagefind writes")
    if major == 0:
        return count, at
    if major == 3:
        return data[at : at + count].decode("utf-8"), at + count
    if major == 4:
        items = []
        for _ in range(count):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise UnknownFormat(f"CBOR major type {major} is not one Pagefind writes")


def _head(major: int, count: int) -> bytes:
    if count < 24:
        return bytes([major << 5 | count])
    for info, size, form in ((24, 1, ">B"), (25, 2, ">H"), (26, 4, ">I"), (27, 8, ">Q")):
        if count < 1 << (8 * size):
            return bytes([major << 5 | info]) + struct.pack(form, count)
    raise UnknownFormat(f"{count} is too large for CBOR")


def _encode(value: Any) -> bytes:
    if isinstance(value, bool) or not isinstance(value, (int, str, list)):
        raise UnknownFormat(f"cannot write {type(value).__name__} as Pagefind's CBOR")
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(3, len(data)) + data
    return _head(4, len(value)) + b"".join(_encode(item) for item in value)
