"""What kind of attribution a quote is: something said, something thought, or something else.

PolNeAR, which the quote finder learns from and is scored on, counts as an attribution any
source of a proposition: speech and writing ("said", "wrote", "a report found"), thought and
stance ("believes", "fears", "wants", "supports"), and also acts and plans ("refused to
accept", "launched an attack against"). A fact-checker asks first for the speech: words
somebody can be held to. The kind is read off the cue's words, so a reader (and every view
that lists quotes) can tell the three apart without the finder giving up PolNeAR's notion.

- ``speech``: said, written or published: direct quotations, "said", "according to", a
  colon or dash before the words, statements of documents and polls ("shows", "found"), and
  speech acts ("accused", "praised", "urged", "promised");
- ``thought``: beliefs, feelings, perceptions, wishes and stances ("thinks", "knows",
  "fears", "saw", "wants", "supports");
- ``other``: anything else the cue names: acts, plans, decisions, and speech negated ("did
  not respond to", "would not comment").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

SPEECH = "speech"
THOUGHT = "thought"
OTHER = "other"
KINDS = (SPEECH, THOUGHT, OTHER)

# Base forms; _bases() undoes regular inflection ("claims", "claimed", "claiming") and
# _IRREGULAR the rest. "attack" is left out: as often a military act ("launched an attack
# against") as words; "plan", "decide", "seek" and "refuse" are acts, not speech.
_SPEECH_WORDS = frozenset(
    """say tell write add ask answer reply respond note report announce state declare claim assert
    argue contend insist maintain explain describe mention comment remark suggest propose
    recommend advise warn caution urge call demand request plead beg implore tweet retweet
    post email blog publish quote cite reference refer reiterate repeat echo confirm deny
    admit confess acknowledge concede allege accuse charge blame criticize criticise condemn
    denounce decry slam blast knock bash assail rebuke reprimand chide scold lecture praise
    laud hail applaud thank congratulate welcome endorse reject dismiss dispute question
    challenge counter rebut retort quip joke boast brag tout complain lament bemoan grumble
    gripe protest object apologize apologise promise pledge vow swear threaten predict
    forecast estimate project conclude find show reveal disclose indicate imply hint signal
    read list recall recount talk speak discuss address testify characterize characterise
    portray label dub brand mock ridicule deride scoff sneer insult shout yell scream chant
    exclaim whisper mutter reaffirm affirm emphasize emphasise stress underscore highlight
    point outline detail summarize summarise interject inform assure reassure remind
    clarify specify speculate muse opine proclaim rail lash vent chime weigh express defend
    clear title compare liken invoke coin voice observe advocate encourage rate debate rule
    critical interview statement remarks speech letter memo message testimony announcement
    column editorial essay word accusation allegation criticism complaint warning threat
    prediction proposal plea appeal argument assertion suggestion recommendation assessment
    video ad advertisement book petition lawsuit filing according reportedly pronouncement
    endorsement""".split()
)
_THOUGHT_WORDS = frozenset(
    """think believe know feel fear hope wish want expect anticipate worry doubt suspect assume
    presume suppose imagine guess reckon consider regard view see hear notice realize
    realise recognize recognise understand learn remember forget wonder agree disagree
    support oppose favor favour prefer like love hate dislike trust distrust intend
    perceive sense deem judge convinced confident concerned worried sure certain aware
    eager willing glad proud afraid frustrated angry upset pleased disappointed skeptical
    sceptical belief opinion concern desire feeling impression suspicion expectation
    assumption perception eagerness willingness intention reservation illusion obsession
    surprised unsettled despair bristle seethe annoyed outraged furious alarmed shocked
    dismayed angered delighted thrilled optimistic pessimistic hopeful nervous anxious wary
    resent regret admire appreciate""".split()
)
_IRREGULAR = {
    "said": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "spoke": "speak",
    "spoken": "speak",
    "found": "find",
    "shown": "show",
    "swore": "swear",
    "sworn": "swear",
    "thought": "think",
    "knew": "know",
    "known": "know",
    "felt": "feel",
    "saw": "see",
    "seen": "see",
    "heard": "hear",
    "understood": "understand",
    "forgot": "forget",
    "forgotten": "forget",
}
# Regular endings and what the base ends in instead: "accuses" -> "accuse", "denies" -> "deny",
# "urged" -> "urge" or "urg", "stopped" -> "stopp" -> "stop" (a doubled consonant, below).
_ENDINGS = (
    ("ies", "y"),
    ("ied", "y"),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
)
# Words that make a cue say that nothing was said ("did not respond", "never commented").
_NEGATIONS = frozenset("not never no".split())
# A word of the cue; a hyphenated compound is one ("feel-good" is no feeling).
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?(?:-[a-z]+)*")
# A cue that names, not says or thinks ("known as HFCs").
_NAMING = re.compile(r"\bknown\s+as\b")
# Prefixes before a hyphen that leave the verb what it is ("re-tweeted", "co-wrote").
_PREFIXES = frozenset("re co pre mis over under out".split())
# A cue of punctuation alone introduces the words themselves: "Trump: …", "― Jane Doe".
_PUNCTUATION_CUE = re.compile(r"^[\s:\-–—―]+$")


def _bases(word: str) -> Iterator[str]:
    """``word`` and the base forms it may be an inflection of."""
    prefix, _, rest = word.partition("-")
    if rest and prefix in _PREFIXES:
        word = rest
    yield word
    if word in _IRREGULAR:
        yield _IRREGULAR[word]
    for ending, base_end in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            base = word[: -len(ending)] + base_end
            yield base
            if len(base) > 2 and base[-1] == base[-2] and base[-1] not in "lsz":
                yield base[:-1]  # "stopped" -> "stop"; not "called" -> "cal"


def quote_kind(cue: str | None, direct: bool) -> str:
    """The kind of an attribution whose cue reads ``cue`` (``None`` when it has none):
    ``speech`` for a direct quotation or a cue of saying or writing, ``thought`` for one of
    believing, feeling, perceiving or wanting, ``other`` for the rest."""
    if direct or (cue is not None and _PUNCTUATION_CUE.match(cue)):
        return SPEECH
    if not cue:
        return OTHER
    if _NAMING.search(cue.lower()):
        return OTHER  # "known as HFCs": a name given, nobody's words or thoughts
    words = _WORD.findall(cue.lower())
    bases = {b for w in words for b in _bases(w)}
    if bases & _SPEECH_WORDS:
        # "did not respond to", "wouldn't say": no words to hold anyone to (a negated thought,
        # "doesn't believe", is still one)
        negated = any(w in _NEGATIONS or w.endswith(("n't", "n’t")) for w in words)
        return OTHER if negated else SPEECH
    if bases & _THOUGHT_WORDS:
        return THOUGHT
    return OTHER


def kind_counts(kinds: Iterable[str]) -> str:
    """How many quotes of each kind, in the order of :data:`KINDS`: ``"24 speech, 2 other"``
    (kinds with none left out; ``""`` for no quotes)."""
    counts = Counter(kinds)
    return ", ".join(f"{counts[k]:,} {k}" for k in KINDS if counts[k])


def is_speech_word(word: str) -> bool:
    """Whether ``word`` alone is a word of saying or writing ("reports", "statement")."""
    return word.isalpha() and quote_kind(word, direct=False) == SPEECH
