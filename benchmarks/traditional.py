"""Traditional conversion against human-written Traditional: `python -m benchmarks.traditional`
(also `./archive bench --traditional`).

Every notice whose original is Traditional (its script detected as hant) in the development
corpus (../shared/corpus) and in notices/ is a reference: its cleaned text (title, blocks, table
cells) is converted to Simplified (t2s, word by word as the site does) and back with each
Traditional standard, plain OpenCC and word by word (converters.wordconv). The Han characters
that differ from the original, over the Han characters of the original, are the error rate.
The 15 most frequent (got, expected) pairs show what is left.

A reference may itself be machine-made: many mainland sites' "繁體" button converts one character
at a time and leaves every character with more than one Traditional form as it is (關于, 聯系,
干部, 示范). Such a text is told by its own evidence: at two places or more it keeps a Simplified
character that a conversion changes. The rate is printed over all references and over the
human-written ones; the target is for the latter.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
TARGET = 0.40  # per cent, for the default standard


def _is_han(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or "\U00020000" <= c <= "\U0003134f"


def references(dirs: list[Path]) -> list[tuple[str, list[str]]]:
    """(path, texts) of every notice in `dirs` whose original is Traditional."""
    from converters.pipeline import convert_file

    found = []
    for folder in dirs:
        if not folder.is_dir():
            continue
        for sub in sorted({folder, *(p for p in folder.iterdir() if p.is_dir())}):
            for path in _raws(sub):
                try:
                    notice = convert_file(path, path.parent)
                except Exception:  # a file the converter cannot read is no reference
                    continue
                if notice.script != "hant" or not notice.blocks:
                    continue
                texts = [notice.title] + [b.text for b in notice.blocks if b.kind != "table"]
                texts += [cell for b in notice.blocks for row in b.rows for cell in row]
                found.append((str(path), [" ".join(t.split()) for t in texts if t.strip()]))
    return found


def _raws(folder: Path) -> list[Path]:
    """The corpus's raw inputs of one folder: a PDF's own .txt is another reading of it, and
    scans repeat pdf/ (OCR errors are not conversion errors)."""
    if folder.name == "scanned":
        return []
    from converters.build import RAW_SUFFIXES

    raws = [p for p in sorted(folder.iterdir()) if p.is_file() and p.suffix.lower() in RAW_SUFFIXES]
    return [p for p in raws if not (p.suffix == ".txt" and p.with_suffix(".pdf").exists())]


def compare(got: str, want: str, pairs: Counter) -> tuple[int, int]:
    """(Han characters that differ, Han characters of `want`), pairs counted; texts aligned by
    position when of equal length, else by difflib."""
    if len(got) != len(want):
        import difflib

        errors = 0
        for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, got, want, autojunk=False).get_opcodes():
            if op != "equal":
                for x, y in zip(got[a1:a2].ljust(b2 - b1), want[b1:b2], strict=False):
                    if _is_han(y) and x != y:
                        errors += 1
                        pairs[(x, y)] += 1
        return errors, sum(map(_is_han, want))
    errors = total = 0
    for x, y in zip(got, want, strict=True):
        if _is_han(y):
            total += 1
            if x != y:
                errors += 1
                pairs[(x, y)] += 1
    return errors, total


def machine_made(texts: list[str], simplified: list[str], least: int = 2) -> bool:
    """Was the text made by a converter that leaves every character with more than one
    Traditional form as it is (關于, 聯系, 干部)? Told by `least` places where the original keeps
    the Simplified character and the word-by-word conversion changes it."""
    from converters.wordconv import convert

    converted = "\n".join(convert(simplified, "s2t"))
    joined, original = "\n".join(simplified), "\n".join(texts)
    if not len(converted) == len(joined) == len(original):
        return False
    kept = sum(1 for s, c, o in zip(joined, converted, original, strict=True) if s != c and o == s)
    return kept >= least


def methods() -> dict[str, object]:
    """Name → function converting a list of Simplified texts to Traditional."""
    from converters.wordconv import STANDARDS, convert, opencc_converter

    def plain(config):
        return lambda texts: [opencc_converter(config).convert(t) for t in texts]

    def segmented(config):
        return lambda texts: convert(texts, config)

    out = {}
    for config in STANDARDS[::-1]:
        out[f"{config} plain"] = plain(config)
        out[f"{config} segmented"] = segmented(config)
    return out


def run(dirs: list[Path], top: int = 15) -> dict[str, dict]:
    from converters.wordconv import DEFAULT_STANDARD, convert

    refs = references(dirs)
    if not refs:
        print("no Traditional originals found in " + ", ".join(map(str, dirs)))
        return {}
    simplified = {path: convert(texts, "t2s") for path, texts in refs}
    made = {path for path, texts in refs if machine_made(texts, simplified[path])}
    han = sum(sum(map(_is_han, "".join(texts))) for _, texts in refs)
    print(f"{len(refs)} Traditional originals, {han} Han characters; "
          f"{len(made)} machine-converted one character at a time: {', '.join(sorted(made)) or 'none'}")
    results: dict[str, dict] = {}
    for name, method in methods().items():
        counts = {"all": [0, 0], "human": [0, 0]}
        pairs: Counter = Counter()
        human_pairs: Counter = Counter()
        start = time.process_time()
        for path, texts in refs:
            got = method(simplified[path])
            for g, w in zip(got, texts, strict=True):
                e, t = compare(g, w, pairs)
                counts["all"][0] += e
                counts["all"][1] += t
                if path not in made:
                    e, t = compare(g, w, human_pairs)
                    counts["human"][0] += e
                    counts["human"][1] += t
        cpu = time.process_time() - start
        rate = {k: 100 * e / t if t else 0.0 for k, (e, t) in counts.items()}
        results[name] = {"rate": rate, "counts": counts, "pairs": pairs.most_common(top),
                         "human_pairs": human_pairs.most_common(top), "cpu": cpu}
    default = f"{DEFAULT_STANDARD} segmented"
    print(f"\n{'method':<16} {'all':>14} {'human-written':>16}  cpu")
    for name, r in results.items():
        (ea, ta), (eh, th) = r["counts"]["all"], r["counts"]["human"]
        mark = "  ← default" if name == default else ""
        print(f"{name:<16} {r['rate']['all']:6.2f}% {ea:>3}/{ta:<5} {r['rate']['human']:6.2f}% {eh:>3}/{th:<5}"
              f" {r['cpu']:.2f}s{mark}")
    for name in (default, f"{DEFAULT_STANDARD} plain"):
        r = results[name]
        print(f"\n{name}: most frequent (got, expected), all references")
        print("  " + "  ".join(f"{g}→{w}×{n}" for (g, w), n in r["pairs"]))
        print(f"{name}: most frequent (got, expected), human-written references")
        print("  " + "  ".join(f"{g}→{w}×{n}" for (g, w), n in r["human_pairs"]))
    rate = results[default]["rate"]["human"]
    print(f"\ndefault ({default}) on human-written Traditional: {rate:.2f}% "
          f"(target ≤ {TARGET:.2f}%) {'PASS' if rate <= TARGET else 'FAIL'}")
    return results


def cost(dirs: list[Path], rounds: int = 3) -> dict[str, float]:
    """CPU seconds and MB/s (UTF-8 bytes of the texts converted) of converting every notice in
    `dirs` to the other script, as the build does: plain OpenCC, then word by word."""
    from converters.pipeline import convert_file
    from converters.scripts import converter
    from converters.wordconv import DEFAULT_STANDARD, opencc_converter

    work = []
    for folder in dirs:
        for sub in sorted({folder, *(p for p in folder.iterdir() if p.is_dir())}) if folder.is_dir() else []:
            for path in _raws(sub):
                try:
                    notice = convert_file(path, path.parent)
                except Exception:  # a file the converter cannot read is not measured
                    continue
                texts = [notice.title] + [b.text for b in notice.blocks]
                texts = [" ".join(t.split()) for t in texts if t.strip()]
                work.append((notice.script, texts))
    size = sum(len("\n".join(texts).encode()) for _, texts in work)
    config = {"hans": DEFAULT_STANDARD, "hant": "t2s"}
    for script, texts in work:  # warm: dictionaries, tagger, caches of this process
        converter(script, "hant" if script == "hans" else "hans", DEFAULT_STANDARD)(texts)
    out = {}
    for name, run in (("plain", lambda s, t: opencc_converter(config[s]).convert("\n".join(t))),
                      ("word by word", lambda s, t: converter(s, "hant" if s == "hans" else "hans",
                                                              DEFAULT_STANDARD)(t))):
        start = time.process_time()
        for _ in range(rounds):
            for script, texts in work:
                run(script, texts)
        seconds = (time.process_time() - start) / rounds
        out[name] = seconds
        print(f"cost, {name:<12}: {seconds * 1000:7.1f} ms CPU for {len(work)} notices, {size / 1e6:.2f} MB "
              f"({size / 1e6 / seconds:.1f} MB/s on one core)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.traditional", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="*", type=Path, help=f"folders to read (default: {CORPUS} and notices/)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    dirs = args.dirs or [CORPUS, ROOT / "notices"]
    run(dirs)
    print()
    cost(dirs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
