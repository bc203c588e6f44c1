"""Coverage-guided fuzzing of ``normalize``, ``score``/``match``/``explain``, ``cluster`` and the
CLI's name reader, with atheris (libFuzzer for Python).

Usage::

    pip install atheris
    nice -n 10 python tools/fuzz.py [--targets normalize,score,cluster,reader] \
        [--corpus DIR] [--stats FILE] -- [libFuzzer flags, e.g. -max_total_time=1800]

Each input's first byte picks a target; the rest is turned into strings or bytes with
atheris' FuzzedDataProvider (lone surrogates included).  Every target checks its contract, so a
finding is any exception that is not namerec's documented error for the case, a NaN, a score
outside [0, 1], an asymmetric score, a name lost by ``cluster``, or a reader whose result depends
on how the stream is chunked.  libFuzzer's ``-timeout`` (60 s here: shared machines stall)
catches hangs.  The slowest input of each target is saved beside the stats file
(``STATS.slowest-TARGET``, to replay uninstrumented); the stats file gets the executions,
elapsed time and slowest times every 20,000 executions (libFuzzer's closing
``Done N runs in S second(s)`` line has the totals).
Findings are saved by libFuzzer as ``crash-*`` files; replay one with
``python tools/fuzz.py -- crash-...``.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # fuzz the work tree, installed or not

import atheris  # noqa: E402

with atheris.instrument_imports(include=["namerec"]):
    import namerec
    from namerec import _io

SEEDS = [
    "Ilham Aliyev",
    "QADHAFI, Muammar",
    "Präsident Ilham Heydar oglu Əliyev",
    "Горбачёв",
    "בנימין נתניהו",
    "معمر القذافي",
    "习近平",
    "佐々木",
    "Patrick O'Brien",
    "d'Artagnan",
    "Sa'ad ad-Din",
    "B. Netanyahu",
    "name,country\nAliyev,AZ\n\"Gal\nlant\",IL\n",
    "\ufeffname\tcountry\r\nAliyev\tAZ\r\n",
]


class _Stats:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.start = time.monotonic()
        self.runs = 0
        self.per_target: dict[str, int] = {}
        self.slowest: dict[str, tuple[float, str]] = {}

    def record(self, target: str, elapsed: float, data: bytes) -> None:
        self.runs += 1
        self.per_target[target] = self.per_target.get(target, 0) + 1
        if elapsed > self.slowest.get(target, (0.0, ""))[0]:
            self.slowest[target] = (elapsed, data[:200].hex())
            if self.path is not None:  # the whole input, to replay it uninstrumented
                self.path.with_name(f"{self.path.name}.slowest-{target}").write_bytes(data)
        if self.runs % 20_000 == 0:
            self.write()

    def write(self) -> None:
        doc = {
            "executions": self.runs,
            "seconds": round(time.monotonic() - self.start, 1),
            "per_target": self.per_target,
            "slowest_ms": {k: round(v[0] * 1000, 2) for k, v in self.slowest.items()},
            "slowest_input_hex": {k: v[1] for k, v in self.slowest.items()},
        }
        line = json.dumps(doc, sort_keys=True)
        if self.path is None:
            print(line, file=sys.stderr)
        else:
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(line + "\n")


def _text(fdp: Any, max_chars: int) -> str:
    """A string: often arbitrary code points (surrogates included), sometimes long."""
    n = fdp.ConsumeIntInRange(0, max_chars)
    return str(fdp.ConsumeUnicode(n))


def check_normalize(fdp: Any) -> None:
    name = _text(fdp, 3000)
    try:
        form = namerec.normalize(name)
    except namerec.EmptyNameError:
        return
    assert form.original == name
    assert form.tokens, name
    for t in form.tokens:
        assert t.key, (name, t)


def _check_score(a: str, b: str) -> None:
    try:
        s = namerec.score(a, b)
    except namerec.EmptyNameError:
        return
    assert isinstance(s, float) and not math.isnan(s) and 0.0 <= s <= 1.0, (a, b, s)
    assert s == namerec.score(b, a), (a, b)
    assert namerec.score(a, a) == 1.0, a
    e = namerec.explain(a, b)
    assert e.score == s == namerec.match(a, b).score, (a, b)
    str(e)  # rendering the explanation must not fail either


def check_score(fdp: Any) -> None:
    _check_score(_text(fdp, 1500), _text(fdp, 1500))


def check_cluster(fdp: Any) -> None:
    names: list[Any] = []
    for _ in range(fdp.ConsumeIntInRange(0, 12)):
        kind = fdp.ConsumeIntInRange(0, 9)
        if kind == 0:
            names.append(None)
        elif kind == 1:
            names.append(float("nan"))
        elif kind == 2:
            names.append(fdp.ConsumeInt(2))
        elif kind == 3 and names:
            names.append(names[fdp.ConsumeIntInRange(0, len(names) - 1)])  # duplicates
        else:
            names.append(_text(fdp, 40))
    result = namerec.cluster(names)
    assert len(result.labels) == len(names)
    clustered = sum(sum(k.counts) for k in result.clusters)
    rejected = sum(r.count for r in result.rejected)
    assert clustered + rejected == len(names), names
    assert sum(label is not None for label in result.labels) == clustered, names
    for k in result.clusters:
        assert k.canonical in k.members and k.id == result.clusters.index(k)
    str(result)


class _Trickle(io.RawIOBase):
    """A byte stream that hands out at most ``size`` bytes per read (like a slow pipe)."""

    def __init__(self, data: bytes, size: int) -> None:
        self._data = memoryview(data)
        self._pos = 0
        self._size = size

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        n = min(len(buf), self._size, len(self._data) - self._pos)
        buf[:n] = self._data[self._pos : self._pos + n]
        self._pos += n
        return n


def _read(data: bytes, column: str | None, encoding: str, chunk: int | None) -> Any:
    stream: Any = io.BytesIO(data) if chunk is None else _Trickle(data, chunk)
    try:
        return _io.read_names(stream, source="fuzz", column=column, encoding=encoding)
    except namerec.InputError as exc:
        return ("InputError", str(exc))


def check_reader(fdp: Any) -> None:
    column = (None, "name", "")[fdp.ConsumeIntInRange(0, 2)]
    encodings = ("utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16", "utf-32", "cp1252", "utf-7",
                 "shift_jis", "gb18030", "iso2022_jp", "unicode_escape", "idna", "punycode", "undefined")
    encoding = encodings[fdp.ConsumeIntInRange(0, len(encodings) - 1)]
    chunk = fdp.ConsumeIntInRange(1, 7)
    data = bytes(fdp.ConsumeBytes(fdp.remaining_bytes()))
    whole = _read(data, column, encoding, None)
    trickled = _read(data, column, encoding, chunk)
    if isinstance(whole, tuple) or isinstance(trickled, tuple):
        # Both must fail; which bad byte is met first may depend on the chunks.
        assert isinstance(whole, tuple) and isinstance(trickled, tuple), (data, column, encoding, chunk)
        return
    assert whole == trickled, (data, column, encoding, chunk)
    assert isinstance(whole, list) and all(isinstance(x, str) for x in whole)
    if column is None:
        assert all(x and x == x.strip() and "\n" not in x for x in whole), whole


TARGETS: dict[str, Callable[[Any], None]] = {
    "normalize": check_normalize,
    "score": check_score,
    "cluster": check_cluster,
    "reader": check_reader,
}


def main() -> None:
    argv = sys.argv[1:]
    ours, libfuzzer = (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--targets", default=",".join(TARGETS), help="comma-separated: " + ", ".join(TARGETS))
    p.add_argument("--corpus", type=Path, help="corpus directory (seeded with a few names when empty)")
    p.add_argument("--stats", type=Path, help="append JSON progress lines here (default stderr)")
    args = p.parse_args(ours)
    targets = [TARGETS[t] for t in args.targets.split(",")]
    names = args.targets.split(",")
    stats = _Stats(args.stats)

    if args.corpus is not None:
        args.corpus.mkdir(parents=True, exist_ok=True)
        if not any(args.corpus.iterdir()):
            for i, seed in enumerate(SEEDS):
                for t in range(len(targets)):
                    raw = seed.encode("utf-8")
                    # one byte picks the target; the data provider reads the rest
                    (args.corpus / f"seed-{i}-{t}").write_bytes(bytes([t]) + raw)
        libfuzzer.append(str(args.corpus))

    def one_input(data: bytes) -> None:
        if not data:
            return
        k = data[0] % len(targets)
        fdp = atheris.FuzzedDataProvider(data[1:])
        t0 = time.perf_counter()
        targets[k](fdp)
        stats.record(names[k], time.perf_counter() - t0, data)

    if not any(f.startswith("-timeout=") for f in libfuzzer):
        libfuzzer.append("-timeout=60")
    if not any(f.startswith("-max_len=") for f in libfuzzer):
        libfuzzer.append("-max_len=8192")
    atheris.Setup([sys.argv[0], *libfuzzer], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
