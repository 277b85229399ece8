#!/usr/bin/env python3
"""Checks a labelled question file (JSON Lines) against the label format.

usage: python3 /tmp/w/check.py PASSAGES.txt FILE.jsonl [FILE.jsonl ...]

PASSAGES.txt is the numbered passage list of the document(s) the questions
are about ("[¶N] text" lines). Every gold and also span must appear, word for
word (white space folded), inside ONE passage.
"""
import json, re, sys, collections

KINDS = {
    "fact", "number", "date", "place", "person", "why", "list", "quote",
    "keyword", "typo", "relative_time", "claim", "personal",
    "near_miss", "off_topic", "small_talk", "opinion", "boilerplate",
}
LANGS = {"en", "de", "fa", "fa-Latn", "ps", "ps-Latn"}
VERDICTS = {"supported", "contradicted", "not_stated"}
KEYS = {"q", "turns", "gold", "also", "kind", "verdict", "personal", "lang", "docs"}
UNANSWERABLE = {"near_miss", "off_topic", "small_talk", "opinion", "boilerplate"}


def fold(s):
    return " ".join(s.split())


def main():
    passages = []
    for line in open(sys.argv[1], encoding="utf-8"):
        m = re.match(r"\[¶(\d+)\] (.*)", line.strip())
        if m:
            passages.append(fold(m.group(2)))
    bad = 0
    for path in sys.argv[2:]:
        kinds, langs, verdicts = collections.Counter(), collections.Counter(), collections.Counter()
        n = pers = conv = 0
        seen = set()
        for i, line in enumerate(open(path, encoding="utf-8"), 1):
            if not line.strip():
                continue
            where = f"{path}:{i}"
            def err(msg):
                nonlocal bad
                bad += 1
                print(f"{where}: {msg}")
            try:
                d = json.loads(line)
            except Exception as e:
                err(f"not JSON: {e}")
                continue
            n += 1
            extra = set(d) - KEYS
            if extra:
                err(f"unknown keys {sorted(extra)}")
            if ("q" in d) == ("turns" in d):
                err("needs exactly one of q or turns")
            if "q" in d and (not isinstance(d["q"], str) or not d["q"].strip()):
                err("q must be a non-empty string")
            if "turns" in d:
                conv += 1
                t = d["turns"]
                if not isinstance(t, list) or len(t) < 2 or not all(isinstance(x, str) and x.strip() for x in t):
                    err("turns must be a list of at least 2 non-empty strings")
            key = json.dumps(d.get("q", d.get("turns")), ensure_ascii=False).lower()
            if key in seen:
                err("duplicate question in this file")
            seen.add(key)
            if "gold" not in d:
                err("gold is required (a span or null)")
            gold = d.get("gold")
            spans = ([gold] if gold is not None else []) + list(d.get("also", []))
            if d.get("also") and gold is None:
                err("also without gold")
            for s in spans:
                if not isinstance(s, str) or not s.strip():
                    err("a span must be a non-empty string")
                    continue
                if not any(fold(s) in p for p in passages):
                    err(f"span is not word for word in one passage: {s!r}")
            kind = d.get("kind")
            kinds[kind] += 1
            if kind not in KINDS:
                err(f"kind {kind!r} is not one of {sorted(KINDS)}")
            if kind in UNANSWERABLE and gold is not None:
                err(f"kind {kind} must have gold null")
            lang = d.get("lang", "en")
            langs[lang] += 1
            if lang not in LANGS:
                err(f"lang {lang!r} is not one of {sorted(LANGS)}")
            v = d.get("verdict")
            if kind == "claim":
                verdicts[v] += 1
                if v not in VERDICTS:
                    err(f"a claim needs verdict, one of {sorted(VERDICTS)}")
                elif v == "not_stated" and gold is not None:
                    err("verdict not_stated needs gold null")
                elif v in ("supported", "contradicted") and gold is None:
                    err(f"verdict {v} needs the settling sentence as gold")
            elif v is not None:
                err("verdict only on kind claim")
            if d.get("personal") is not None:
                if d["personal"] is not True:
                    err("personal is true or absent")
                if kind != "personal":
                    err("personal: true goes with kind personal")
                pers += 1
            elif kind == "personal":
                err("kind personal needs personal: true")
        print(f"{path}: {n} questions, {conv} conversations, {pers} personal; "
              f"kinds {dict(kinds)}; langs {dict(langs)}; verdicts {dict(verdicts)}")
    print("OK" if bad == 0 else f"{bad} problems")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
