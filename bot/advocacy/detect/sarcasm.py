"""Sarcasm: praise that does not mean it.

Three shapes, each a device of irony rather than a list of jokes:
- an explicit marker: "/s", an eye-roll or upside-down face, "yeah right", "said no one",
  "thanks for nothing", scare quotes around "helped", understatement ("only took me 6 tries");
- praise opening a message that then complains ("great, it invented another policy");
- praise framing a bare action of the assistant's with no benefit to anyone: "Genius. It
  translated our brand name into French.", "It recommended a supplier we blacklisted. Love
  that for us." Sincere praise comes with what it got the writer ("brilliant, letters done and
  sent home"): something finished, solved or saved. So the frame only counts when the best
  outcome is a bare action (see `rules`), and praise ending in "!" is taken at its word.
"""

from __future__ import annotations

import re

from bot.advocacy.detect.segments import words

_SARCASM_MARKER = words(
    r"yeah,?\s+right|thanks\s+for\s+nothing|said\s+no\s*(?:one|body)|as\s+if|lol\s+no",
    r"oh,?\s+(?:great|good|wonderful|fantastic|brilliant|joy|perfect|nice|cool|lovely|super"
    r"|awesome)|just\s+what\s+i\s+needed|truly\s+(?:revolutionary|groundbreaking|amazing)",
    r"so\s+\w+\s+that\s+(?:i|we)\s+had\s+to|what\s+could\s+(?:possibly\s+)?go\s+wrong",
    # Mock surprise at the obvious: "never would have thought of that", "who knew".
    r"(?:never|not)\s+(?:would|could)(?:'ve|\s+have)\s+(?:thought|guessed|figured)",
    r"(?:'d|would)\s+never\s+have\s+(?:thought|guessed|figured)|who\s+knew",
    # A deadpan evidential or reaction closing the message: "We're rich now apparently."
    r"apparently(?=[.!]*\s*$)|(?:i'?m|im)\s+(?:crying|dying|screaming|dead)(?=[.!]*\s*$)",
    # The reveal after the praise: "saved me so much time. by making me do it twice."
    r"(?<=[.…!]\s)by\s+(?:making|forcing|getting|having)\s+(?:me|us)",
    # Understatement: "it only took 6 attempts", "only cost me an afternoon".
    r"only\s+(?:took|cost)\s+(?:me\s+|us\s+)?(?:\d+|a\s+few|several|an?|my|the|our|\w+\s+attempts)",
    # The ironic concession that takes the praise back: "if you don't count the hour I spent".
    r"if\s+you\s+(?:don'?t|do\s+not)\s+count|not\s+counting\s+the",
)
# Marks that are not words: "/s", an eye-roll, "not!", scare quotes around "helped".
_SARCASM_SIGN = re.compile(
    r"(?:^|\s)/s\b|[🙄🙃😒😑🤦🤡]|\bnot!|(?:^|\s)['\"](?:fixed|helped|help|helpful|saved|solved"
    r"|smart|works?|answer|intelligent|assistant|useful|resolved)['\"]"
    # A short phrase in scare quotes, not quoted speech: it "saved me time", 'fixed' it.
    r"|\s(?<!said\s)(?<!says\s)(?<!wrote\s)(?<!replied\s)(?<!answered\s)(?<!:\s)['\"](?:\w+\s+){0,2}"
    r"(?:saved|fixed|helped|solved|sorted|resolved)(?:\s+\w+){1,2}['\"](?!\w)"
)
# Praise that opens a message ("great, …", "love how …", "amazing how …") and then complains.
_PRAISE_OPENER = re.compile(
    r"^(?:wow|great|brilliant|fantastic|amazing|awesome|perfect|nice|wonderful|lovely|super"
    r"|cool|10/10|love(?:\s+(?:how|that|when))?|really|sure|what\s+a)\b"
)
# Praise as a frame of its own: a message that opens with it ("Genius. …", "great, …") or a
# last sentence that is nothing else ("… Love that for us.", "… cool cool cool", "top stuff").
_PRAISE_WORD = (
    r"(?:(?:so|very|really|truly|just|how)\s+)?(?:genius|brilliant|brill|fantastic|great"
    r"|wonderful|perfect|lovely|amazing|awesome|super|cool(?:\s+cool)*|nice|classic|impressive"
    r"|efficient|helpful|useful|top\s+stuff|stellar|incredible|bravo|excellent|superb|wow"
    r"|love\s+(?:that|this|it)(?:\s+for\s+(?:us|me))?|10/10)"
)
# "Love how it …" opens the same frame: sincere only with something finished after it.
_FRAME = re.compile(
    rf"^\s*(?:{_PRAISE_WORD}\s*[.,…]|(?:love|loving|adore)\s+how\b)"
    rf"|(?:[.!?…]\s+|\n)\s*{_PRAISE_WORD}\s*[.…]*\s*$"
)


def is_sarcastic(folded: str, complaints: int) -> bool:
    """Sarcasm that needs no outcome to judge: a marker, or praise opening a complaint."""
    if _SARCASM_MARKER.search(folded) or _SARCASM_SIGN.search(folded):
        return True
    return complaints > 0 and _PRAISE_OPENER.match(folded.lstrip()) is not None


def praise_frames(folded: str) -> bool:
    """Whether praise frames the message (opening it, or as its last sentence alone)."""
    return _FRAME.search(folded) is not None
