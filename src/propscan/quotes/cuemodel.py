"""A learnt cue tagger: which tokens start an attribution's cue, and how far the cue runs.

A word such as "say", "show" or "support" is an attribution cue in some contexts only
("Studies show that …" vs "the show"), and many cues are rare words or phrases ("chastised",
"'re supportive of", "is raising questions about"). Every token with a letter is a candidate:
a logistic regression over sparse context features (the word, its crude stem and suffix, three
words either side, the word with each neighbour, whether a clause opener such as "that", a
pronoun, a quotation mark or a colon follows, whether a name or a subject pronoun precedes,
its place in the sentence and, after an auxiliary, the main verb) gives the probability that
it starts a cue (B). A second one, over the word, its neighbours, the cue's first word and the
distance, gives the probability that a token continues the cue before it (I): a cue runs while
that is ½ or more. Both were trained with scikit-learn (L1, liblinear, C = 1) on PolNeAR's
924 labelled articles (840 train, 84 dev), a B example per candidate token labelled by
whether any annotator file marks a cue starting there, I examples from the gold cues.
Inference is plain Python: the packaged weights file ``propscan/data/quote-cue-model.txt``
holds the biases and the non-negligible feature weights. Regenerate it with (a few minutes)::

    .venv/bin/python -m propscan.quotes.cuemodel ../shared/data/polnear/train \\
        ../shared/data/polnear/dev -o src/propscan/data/quote-cue-model.txt

Chosen by 5-fold cross-validation over the train articles (``benchmarks/quotes_cue_cv.py``);
measured by the cross-validation over both (``benchmarks/quotes_branch_cv.py``).
(Newell, Margolin, Ruths, "An Attribution Relations Corpus for Political News", LREC 2018.)
"""

from __future__ import annotations

import argparse
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from propscan.fileio import atomic_write
from propscan.quotes.brat import Attribution, read_folders

Token = tuple[int, int, str]
# An annotated article: (annotation file stem, name, text, attributions), as read_folder gives.
Article = tuple[str, str, str, list[Attribution]]
# Words seen at least this often in train and never starting a cue there ("the", "of",
# "week": 39% of the tokens) are no candidates: the file lists them, and they are not scored.
MIN_NEVER = 10
# Weights smaller than this in absolute value are left out of the packaged file.
MIN_WEIGHT = 0.02
QUOTE_MARKS = frozenset("“”\"‘’'«»")
_SUBJECTS = frozenset("he she they i we it who which officials experts polls studies".split())
# Auxiliaries contracted after a pronoun, tokens of their own ("he", "'s": quotes.tokens);
# "'m" is split off too, but "am" is no auxiliary here either.
CONTRACTED = frozenset(f"{mark}{clitic}" for mark in "'’" for clitic in "s re ve d ll".split())
# Auxiliaries that start cues ("has argued", "is warning") as often as they do not ("have
# used chemical weapons"): for these the main verb after them is a feature of its own.
AUXILIARIES = frozenset("has have had is are was were did does do would will".split()) | CONTRACTED
# Words skipped between an auxiliary and its main verb (adverbs of -ly aside), and between a
# subject and its verb before a quote ("Sanders had previously said, “…”").
AUX_ADVERBS = frozenset(
    "not n't also long never repeatedly often already previously since just still widely "
    "been being now even then later once first".split()
)


def main_verb(low: list[str], i: int) -> str:
    """The word after the auxiliary ``low[i]`` past adverbs (``has also detailed`` ->
    ``detailed``), or ``</s>``."""
    j = i + 1
    while j < len(low) and (low[j] in AUX_ADVERBS or (len(low[j]) > 4 and low[j].endswith("ly"))):
        j += 1
    return low[j] if j < len(low) else "</s>"


@cache
def speech_verbs() -> frozenset[str]:
    """The one-word cues of the lexicon (:func:`propscan.quotes.lexicon.cues`), lowercased
    with ``'`` apostrophes."""
    from propscan.quotes.lexicon import cues

    return frozenset(c for c in cues() if " " not in c)


def _low(word: str) -> str:
    return word.lower().replace("’", "'")


def spellings(word: str) -> list[str]:
    """The lowercased token texts that normalise to ``word`` (each ``'`` may be ``’``)."""
    out = [""]
    for ch in word:
        out = [o + c for o in out for c in ((ch, "’") if ch == "'" else (ch,))]
    return out


# Words that open a reported clause right after a cue ("said that", "says he", "told: …").
_OPENERS = {
    "that": "that",
    ",": ",",
    ":": ":",
    "to": "to",
    "about": "about",
    "of": "of",
    "on": "on",
    "the": "det",
    "a": "det",
    "an": "det",
    "his": "det",
    "her": "det",
    "their": "det",
    "it": "pron",
    "he": "pron",
    "she": "pron",
    "they": "pron",
    "we": "pron",
    "i": "pron",
    "there": "pron",
    "this": "pron",
}
_OPENERS |= dict.fromkeys(QUOTE_MARKS, "quote")


def _stem(w: str) -> str:
    """A crude stem: "claims", "claimed", "claiming" -> "claim"."""
    for suffix in ("ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


def _shape(word: str) -> str:
    first = word[:1]
    if first.isupper():
        return "X" if word.isupper() and len(word) > 1 else "Xx"
    if first.isdigit():
        return "d"
    return "x" if first.isalpha() else "p"


def candidate_word(word: str) -> bool:
    """Whether a token may start a cue at all (one with a letter: punctuation never does)."""
    return any(c.isalpha() for c in word)


def features(raw: list[str], low: list[str], i: int, quoted: bool) -> list[str]:
    """The sparse features of token ``i`` of a sentence given as its token texts ``raw`` and
    their lowercased, apostrophe-normalised forms ``low`` (``quoted``: the sentence holds a
    quotation mark): the word, its stem and suffix, three words either side, the word with
    each neighbour, what follows (a clause opener?) and precedes it (a name, a subject
    pronoun?), its place in the sentence and, after an auxiliary, the main verb."""
    n = len(low)
    w = low[i]
    st = _stem(w)
    p1, p2, p3 = (low[i - k] if i >= k else "<s>" for k in (1, 2, 3))
    n1, n2, n3 = (low[i + k] if i + k < n else "</s>" for k in (1, 2, 3))
    after = (_OPENERS.get(n1, "-"), _OPENERS.get(n2, "-"))
    name = any(raw[k][:1].isupper() and k > 0 for k in range(max(0, i - 3), i))
    left = n - i
    out = [
        "w=" + w,
        "st=" + st,
        "sf=" + w[-3:],
        "sh=" + _shape(raw[i]) + ("0" if i == 0 else ""),
        "p1=" + p1,
        "p2=" + p2,
        "p3=" + p3,
        "n1=" + n1,
        "n2=" + n2,
        "n3=" + n3,
        "p1w=" + p1 + "|" + w,
        "wn1=" + w + "|" + n1,
        "stn1=" + st + "|" + n1,
        "n1n2=" + n1 + "|" + n2,
        "op=" + after[0],
        "op2=" + after[0] + "|" + after[1],
        "stop=" + st + "|" + after[0],
        "psh=" + (_shape(raw[i - 1]) + ("0" if i == 1 else "") if i > 0 else "<s>"),
        "name=" + str(name),
        "psubj=" + str(p1 in _SUBJECTS),
        "pos=" + ("0" if i == 0 else "1" if i < 3 else "2" if i < 8 else "m"),
        "left=" + ("1" if left < 3 else "2" if left < 6 else "m"),
        "q=" + str(quoted),
        "stq=" + st + "|" + str(quoted),
        "lex=" + str(w in speech_verbs()),
    ]
    if w in AUXILIARIES:
        main = main_verb(low, i)
        out += ["m=" + main, "mst=" + _stem(main), "mcue=" + str(main in speech_verbs())]
    return out


def inside_features(low: list[str], start: int, j: int) -> list[str]:
    """The features of token ``j`` continuing a cue that starts at token ``start``."""
    w = low[j]
    prev = low[j - 1]
    nxt = low[j + 1] if j + 1 < len(low) else "</s>"
    first = _stem(low[start])
    return [
        "w=" + w,
        "p=" + prev,
        "n=" + nxt,
        "pw=" + prev + "|" + w,
        "wn=" + w + "|" + nxt,
        "f=" + first,
        "fw=" + first + "|" + w,
        "d=" + str(min(j - start, 4)),
        "sh=" + _shape(w),
    ]


# The feature kinds of :func:`features` that :meth:`CueModel.score` looks up by their value.
_CONTEXT_KINDS = "sh p1w wn1 stn1 n1n2 op op2 stop psh name psubj pos left q stq".split()
# The longest cue the tagger extends (in tokens).
MAX_CUE_TOKENS = 6


@dataclass(frozen=True)
class CueModel:
    """The cue tagger's feature weights: ``begin`` (a token starts a cue) and ``inside`` (a
    token continues the cue before it), each with its bias under the key ``""``."""

    begin: dict[str, float] = field(repr=False)
    inside: dict[str, float] = field(repr=False)
    # Lowercased words that never start a cue (common in train, never a cue there).
    never: frozenset[str] = field(default=frozenset(), repr=False)
    # A memo of :meth:`candidate` by raw token text.
    candidates: dict[str, bool] = field(default_factory=dict, repr=False)
    # ``begin`` by feature kind ("w", "p1", …) and value, for :meth:`score`.
    kinds: dict[str, dict[str, float]] = field(init=False, repr=False)
    # A memo by lowercased word of its stem and the weights it brings as the token itself
    # (w, st, sf, lex) and as each neighbour (p1, p2, p3, n1, n2, n3).
    words: dict[str, tuple[str, float, float, float, float, float, float, float]] = field(
        init=False, repr=False
    )
    bias: float = field(init=False)
    # ``kinds`` of :data:`_CONTEXT_KINDS`, in that order.
    tables: tuple[dict[str, float], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        kinds: dict[str, dict[str, float]] = {}
        for key, weight in self.begin.items():
            kind, _, value = key.partition("=")
            kinds.setdefault(kind, {})[value] = weight
        object.__setattr__(self, "kinds", kinds)
        object.__setattr__(self, "words", {})
        object.__setattr__(self, "bias", self.begin.get("", 0.0))
        object.__setattr__(self, "tables", tuple(kinds.get(k, {}) for k in _CONTEXT_KINDS))

    def candidate(self, word: str) -> bool:
        """Whether a token's raw text is scored at all (the others score 0)."""
        known = self.candidates.get(word)
        if known is None:
            low = _low(word)
            known = self.candidates[word] = candidate_word(word) and low not in self.never
        return known

    def probability(self, tokens: list[Token], i: int, quoted: bool) -> float:
        """The probability that token ``i`` starts a cue (0 for a non-candidate word)."""
        if not self.candidate(tokens[i][2]):
            return 0.0
        raw = [t[2] for t in tokens]
        return self.score(raw, [_low(w) for w in raw], i, quoted)

    def _word(self, w: str) -> tuple[str, float, float, float, float, float, float, float]:
        known = self.words.get(w)
        if known is None:
            k = self.kinds
            st = _stem(w)

            def get(kind: str, value: str) -> float:
                return k.get(kind, {}).get(value, 0.0)

            own = get("w", w) + get("st", st) + get("sf", w[-3:])
            own += get("lex", str(w in speech_verbs()))
            position = (get(kind, w) for kind in ("p1", "p2", "p3", "n1", "n2", "n3"))
            known = self.words[w] = (st, own, *position)  # type: ignore[assignment]
        return known  # type: ignore[return-value]

    def score(self, raw: list[str], low: list[str], i: int, quoted: bool) -> float:
        """:meth:`probability` of candidate token ``i`` of a sentence given as its token
        texts ``raw`` and their lowercased, apostrophe-normalised forms ``low``: the weights
        of :func:`features` looked up by kind, a word's own ones memoised."""
        known = self.words.get
        word = self._word
        (sh, p1w, wn1, stn1, n1n2, op, op2, stop, psh, name, psubj, pos, left, q, stq) = self.tables
        n = len(low)
        w = low[i]
        st, own = (known(w) or word(w))[:2]
        p1 = low[i - 1] if i > 0 else "<s>"
        p2 = low[i - 2] if i > 1 else "<s>"
        p3 = low[i - 3] if i > 2 else "<s>"
        n1 = low[i + 1] if i + 1 < n else "</s>"
        n2 = low[i + 2] if i + 2 < n else "</s>"
        n3 = low[i + 3] if i + 3 < n else "</s>"
        a0 = _OPENERS.get(n1, "-")
        a1 = _OPENERS.get(n2, "-")
        named = (i > 1 and raw[i - 1][:1].isupper()) or (i > 2 and raw[i - 2][:1].isupper())
        named = named or (i > 3 and raw[i - 3][:1].isupper())
        to_end = n - i
        z = (
            self.bias
            + own
            + (known(p1) or word(p1))[2]
            + (known(p2) or word(p2))[3]
            + (known(p3) or word(p3))[4]
            + (known(n1) or word(n1))[5]
            + (known(n2) or word(n2))[6]
            + (known(n3) or word(n3))[7]
            + sh.get(_shape(raw[i]) + ("0" if i == 0 else ""), 0.0)
            + p1w.get(p1 + "|" + w, 0.0)
            + wn1.get(w + "|" + n1, 0.0)
            + stn1.get(st + "|" + n1, 0.0)
            + n1n2.get(n1 + "|" + n2, 0.0)
            + op.get(a0, 0.0)
            + op2.get(a0 + "|" + a1, 0.0)
            + stop.get(st + "|" + a0, 0.0)
            + psh.get(_shape(raw[i - 1]) + ("0" if i == 1 else "") if i > 0 else "<s>", 0.0)
            + name.get("True" if named else "False", 0.0)
            + psubj.get("True" if p1 in _SUBJECTS else "False", 0.0)
            + pos.get("0" if i == 0 else "1" if i < 3 else "2" if i < 8 else "m", 0.0)
            + left.get("1" if to_end < 3 else "2" if to_end < 6 else "m", 0.0)
            + q.get("True" if quoted else "False", 0.0)
            + stq.get(st + ("|True" if quoted else "|False"), 0.0)
        )
        if w in AUXILIARIES:
            main = main_verb(low, i)
            k = self.kinds
            z += k.get("m", {}).get(main, 0.0) + k.get("mst", {}).get(_stem(main), 0.0)
            z += k.get("mcue", {}).get(str(main in speech_verbs()), 0.0)
        return 1.0 / (1.0 + math.exp(-z))

    def extent(self, low: list[str], i: int) -> int:
        """How many tokens the cue starting at token ``i`` spans (1 or more)."""
        get = self.inside.get
        j = i + 1
        while j < len(low) and j - i < MAX_CUE_TOKENS:
            z = sum([get(f, 0.0) for f in inside_features(low, i, j)], get("", 0.0))
            if z < 0.0:
                break
            j += 1
        return j - i


# A model put in place of the packaged one by :func:`using` (cross-validation).
_ACTIVE: list[CueModel] = []


def model() -> CueModel:
    """The cue tagger in use: the packaged one, or the one :func:`using` puts in place."""
    return _ACTIVE[-1] if _ACTIVE else packaged()


@contextmanager
def using(replacement: CueModel) -> Iterator[None]:
    """Find attributions with ``replacement`` instead of the packaged cue tagger."""
    _ACTIVE.append(replacement)
    try:
        yield
    finally:
        _ACTIVE.pop()


@cache
def packaged() -> CueModel:
    """The packaged cue tagger."""
    return parse(
        (resources.files("propscan") / "data" / "quote-cue-model.txt").read_text(encoding="utf-8")
    )


def parse(raw: str) -> CueModel:
    """The cue tagger a weights file's text describes (rows ``B|I <tab> feature <tab> weight``,
    the bias as the empty feature, and ``N <tab> word <tab> 1`` for the words that are no
    candidates)."""
    tables: dict[str, dict[str, float]] = {"B": {}, "I": {}, "N": {}}
    for line in raw.splitlines():
        if not line or line.startswith("#"):
            continue
        kind, key, value = line.split("\t")
        tables[kind][key] = float(value)
    return CueModel(tables["B"], tables["I"], frozenset(tables["N"]))


def sentences_of(text: str) -> list[list[Token]]:
    """The tokens of each sentence of ``text``, as the finder splits them."""
    from propscan.quotes.tokens import paragraph_sentences, tokens_of

    return [tokens_of(text, s, e) for s, e in paragraph_sentences(text, len(text))]


Rows = tuple[list[list[str]], list[int]]


def examples(articles: Iterable[Article]) -> dict[str, tuple[Rows, Rows]]:
    """By article name, the (features, label) rows of every candidate token (labelled by
    whether any annotator file starts a cue there) and of the tokens after a gold cue's start
    up to the first one past its end (labelled by whether they are in the cue)."""
    cues: dict[str, dict[int, int]] = {}
    texts: dict[str, str] = {}
    for _, name, text, attributions in articles:
        texts[name] = text
        mark = cues.setdefault(name, {})
        for a in attributions:
            if a.cue:
                s, e = a.cue[0]
                mark[s] = max(mark.get(s, 0), e)
    out: dict[str, tuple[Rows, Rows]] = {}
    for name, text in texts.items():
        begin: Rows = ([], [])
        inside: Rows = ([], [])
        for toks in sentences_of(text):
            raw = [t[2] for t in toks]
            low = [_low(w) for w in raw]
            quoted = any(w in QUOTE_MARKS for w in raw)
            for i, tok in enumerate(toks):
                if not candidate_word(tok[2]):
                    continue
                end = cues[name].get(tok[0])
                begin[0].append(features(raw, low, i, quoted))
                begin[1].append(int(end is not None))
                j = i + 1
                while end is not None and j < len(toks) and j - i < MAX_CUE_TOKENS:
                    inside[0].append(inside_features(low, i, j))
                    inside[1].append(int(toks[j][0] < end))
                    if toks[j][0] >= end:
                        break
                    j += 1
        out[name] = (begin, inside)
    return out


def fit_table(rows: list[Rows], kind: str, c: float) -> list[str]:
    """The weights file rows (``kind``, feature, weight; the bias as the empty feature) of an
    L1 logistic regression fitted on ``rows`` (needs scikit-learn)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    index: dict[str, int] = {}
    cols: list[int] = []
    indptr = [0]
    ys: list[int] = []
    for xs, labels in rows:
        for x in xs:
            cols.extend(index.setdefault(f, len(index)) for f in x)
            indptr.append(len(cols))
        ys.extend(labels)
    matrix = csr_matrix(
        (np.ones(len(cols)), np.array(cols, dtype=np.int32), np.array(indptr, dtype=np.int32)),
        shape=(len(ys), len(index)),
    )
    # liblinear shuffles its data: a fixed seed makes the shipped weights reproducible.
    clf = LogisticRegression(C=c, l1_ratio=1.0, solver="liblinear", max_iter=1000, random_state=0)
    clf.fit(matrix, ys)
    out = [
        f"# {kind}: {len(ys)} examples, {sum(ys)} positive",
        f"{kind}\t\t{clf.intercept_[0]:.4f}",
    ]
    for feature, weight in zip(index, clf.coef_[0], strict=True):
        if abs(weight) >= MIN_WEIGHT:
            out.append(f"{kind}\t{feature}\t{weight:.4f}")
    return out


def fit(rows: Iterable[tuple[Rows, Rows]], c: float = 1.0) -> str:
    """The weights file text for the tagger fitted on :func:`examples` rows (``c``: the
    inverse L1 strength): the words that are no candidates (:data:`MIN_NEVER`), then the B
    and I weights."""
    pairs = list(rows)
    seen: Counter[str] = Counter()
    starts: Counter[str] = Counter()
    for xs, labels in (b for b, _ in pairs):
        for x, y in zip(xs, labels, strict=True):
            seen[x[0]] += 1  # the "w=WORD" feature
            starts[x[0]] += y
    never = {w for w, n in seen.items() if n >= MIN_NEVER and not starts[w]}
    begin: list[Rows] = []
    for xs, labels in (b for b, _ in pairs):
        keep = [k for k, x in enumerate(xs) if x[0] not in never]
        begin.append(([xs[k] for k in keep], [labels[k] for k in keep]))
    lines = [
        "# PolNeAR cue tagger (N: no candidate, B: a token starts a cue, I: it continues the "
        "cue before it); see propscan.quotes.cuemodel",
        *(f"N\t{w[2:]}\t1" for w in sorted(never)),
        *fit_table(begin, "B", c),
        *fit_table([i for _, i in pairs], "I", c),
    ]
    return "\n".join(lines) + "\n"


def train(articles: Iterable[Article], c: float = 1.0) -> str:
    """The weights file text for a tagger trained on PolNeAR articles (needs scikit-learn)."""
    return fit(examples(articles).values(), c)


def main(argv: list[str] | None = None) -> None:
    """Write the cue tagger trained on PolNeAR folders (``text/``, ``attributions/``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+", help="PolNeAR's train and dev.")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("-C", type=float, default=1.0, help="Inverse L1 strength.")
    args = parser.parse_args(argv)
    atomic_write(args.output, train(read_folders(args.folders), args.C))


if __name__ == "__main__":
    main()
