"""Dutch-like text from a domain vocabulary with Zipf-like word frequencies.

The generator writes words, sentence punctuation, casus headings, bullet lists and a bold
lead-in only, so the HTML of a text can be assembled directly instead of running the
Markdown renderer 400,000 times. ``check_html`` compares that fast path with
``kenme.rendering`` on samples before a database is filled.
"""

from __future__ import annotations

import itertools
import random
import re
from array import array
from dataclasses import dataclass

FUNCTION_WORDS = """
de het een en van in is dat op te voor niet met die zijn er als aan ook maar bij om of
wordt kan heeft naar nog dan geen wel door over dit zo moet ze hij zij we ik je haar hem
wat hoe waar omdat want dus toch al meer veel andere tot uit onder na zonder tussen
sinds volgens per worden had was werd kunnen moeten mag mogen zou alleen eerst daarna
echter wanneer welke deze mijn onze hun zelf nu hier daar ons iets niets hebben gaat
""".split()  # noqa: SIM905 (a word list reads better as text)

COMMON_WORDS = """
klant uitkering bijstand gemeente vraag situatie maand jaar recht norm collega werk
huis geld kosten gesprek besluit aanvraag regels beleid tijd week dag periode bedrag
euro zoon dochter moeder vader partner kinderen ouder adres woning huur baan werkgever
loon uren contract dossier termijn melding team teamleider casus ervaring advies
rapportage onderzoek gegevens informatie brief formulier afspraak traject plan
zegt vindt denk weet lijkt blijkt krijgt betaalt woont werkt toegepast beoordeeld
verrekend aangevraagd gemeld afgewezen toegekend vastgesteld onderzocht opgevraagd
gedaald verhoogd verlaagd tijdelijk structureel volledig gedeeltelijk mogelijk nodig
duidelijk lastig onduidelijk feitelijk eerder later direct vaak meestal soms eigenlijk
inderdaad volgens praktijk goed beter juist anders verschil reden gevolg uitzondering
hoofdregel beslissing afweging keuze oplossing probleem signaal wijziging verandering
""".split()  # noqa: SIM905 (a word list reads better as text)

DOMAIN_WORDS = """
kostendelersnorm bijstand terugvordering inkomsten woonsituatie huisgenoot toeslag
huurtoeslag zorgtoeslag kinderbijslag vermogen vrijlating inlichtingenplicht verrekening
schulden schuldhulpverlening beschikking bezwaar beroep uitspraak rechter CRvB
heronderzoek huisbezoek hoofdverblijf inschrijving BRP leefvorm huishouding
alleenstaande student studiefinanciering parttime loonstrook re-integratie participatie
tegenprestatie taaleis arbeidsverplichting verlaging maatregel boete fraude handhaving
bankafschriften aanvraagformulier ingangsdatum maatwerk afstemming beleidsregels
verordening woonkosten hypotheek spaargeld erfenis alimentatie zelfstandige Bbz IOAW
Wmo UWV SVB AOW Wajong statushouder inburgering loonkostensubsidie banenafspraak
jongere zoektermijn dakloos briefadres opvang energietoeslag minimaregeling
studietoeslag inkomenstoeslag kostgeld gift giften mantelzorg mantelzorger samenwonen
verwijtbaar verwijtbaarheid dringende redenen invordering beslagvrije voet bewindvoerder
beschermingsbewind budgetbeheer wijkteam jeugdhulp Participatiewet Awb AVG Suwinet
Inlichtingenbureau voorliggende voorziening voorschot WW Ziektewet WIA kwijtschelding
draagkracht noodzakelijke bijzondere categoriale referteperiode arbeidsvermogen
ontheffing sollicitatieplicht werkervaringsplaats proefplaatsing jobcoach scholing
""".split()  # noqa: SIM905 (a word list reads better as text)

# Parts of Dutch compounds; combined they give the long tail of a real vocabulary.
MORPHEMES = """
bijstands woon kosten huur toeslag inkomens grens aanvraag formulier termijn gesprek
beleids regel plan traject werk zoek periode norm uitkerings vermogens belasting zorg
kind ouder gezins school studie reis energie schuld hulp budget beslag voet loon
bewijs onderzoek verslag brief besluit bezwaar beroep rechts zaak dossier team
wijk buurt stad dorp vak leer taal cursus melding wijziging signaal controle
handhavings fraude boete straf verhaal vordering betaling termijn bedrag maand jaar
week dag nacht opvang adres post bank rekening spaar geld vrijwilligers mantel
zelfstandigen bedrijfs kapitaal starters krediet hypotheek woning eigenaar huurders
kamer pension kost gang huis genoot partner relatie scheidings alimentatie erf
gezondheids medisch keuring arbeids vermogen beperking indicatie advies plaatsing
""".split()  # noqa: SIM905 (a word list reads better as text)

CASUS_HEADINGS = ("Situatie", "Mijn vraag", "Wat heb ik al uitgezocht", "Wettelijk kader")
BOLD_LEADS = ("Kort", "Let op", "Tip", "Bij ons", "Mijn ervaring", "Aanvulling", "Belangrijk")
TITLE_PATTERNS = (
    "Geldt de {t} ook als {x}?",
    "Hoe gaan jullie om met {t} bij {x}?",
    "Mag ik {t} verrekenen met {x}?",
    "{T} bij {x}: wat is jullie ervaring?",
    "Terugvordering van {x} na {t}?",
    "Wanneer is er sprake van {t} bij {x}?",
    "Klopt het dat {t} niet geldt voor {x}?",
    "{T} en {x}, hoe pakken jullie dat aan?",
    "Wat doe je met {t} als {x}?",
    "{T}: {x}?",
    "Ingangsdatum {t} bij {x}?",
    "Is {t} verwijtbaar als {x}?",
)
# Share of a text's words drawn from its thread's topic vocabularies (the rest: background).
TOPIC_SHARE = 0.15
SENTENCE_LENGTHS = [5, 6, 7, 8, 8, 9, 10, 10, 11, 12, 12, 13, 14, 15, 16, 18, 20, 23, 27]
_SAFE_TERM = re.compile(r"^[\w' -]+$")


def _build_vocabulary() -> tuple[list[str], list[float]]:
    """Rank words with Zipf weights per class: function words, domain words, compounds.

    Shares close to Dutch prose: function words about 45 % of the running text, the
    domain's everyday words 38 %, and a long tail of compounds the rest.
    """
    rng = random.Random(20260101)  # the vocabulary is the same whatever --seed says
    content = [w for w in dict.fromkeys(COMMON_WORDS) if w not in FUNCTION_WORDS]
    compounds = [a + b for a, b in itertools.permutations(MORPHEMES, 2)]
    rng.shuffle(compounds)
    words: list[str] = []
    cumulative: list[float] = []
    total = 0.0
    classes = ((0.50, 2.7, FUNCTION_WORDS), (0.33, 20, content), (0.17, 50, compounds[:15_000]))
    for share, offset, group in classes:
        weights = [1.0 / (rank + offset) for rank in range(1, len(group) + 1)]
        scale = share / sum(weights)
        for word, weight in zip(group, weights, strict=True):
            total += weight * scale
            words.append(word)
            cumulative.append(total)
    return words, cumulative


VOCABULARY, CUM_WEIGHTS = _build_vocabulary()


def _lookup_tables(head_bits: int = 16, tail_bits: int = 20) -> tuple[list, list[str]]:
    """Tables for sampling by random integers: frequent words in HEAD, the rest via TAIL.

    A HEAD slot of None sends the draw to TAIL. Frequent words get their share of 65,536
    slots (within 2 %); rare ones share about a million slots, each word at least one.
    """
    total = CUM_WEIGHTS[-1]
    probs = [b - a for a, b in zip([0.0, *CUM_WEIGHTS], CUM_WEIGHTS, strict=False)]
    head: list = []
    tail_words, tail_probs = [], []
    for word, p in zip(VOCABULARY, probs, strict=True):
        slots = p / total * (1 << head_bits)
        if slots >= 50:
            head += [word] * round(slots)
        else:
            tail_words.append(word)
            tail_probs.append(p)
    head = head[: 1 << head_bits]
    head += [None] * ((1 << head_bits) - len(head))
    tail_total = sum(tail_probs)
    tail: list[str] = []
    for word, p in zip(tail_words, tail_probs, strict=True):
        tail += [word] * max(1, round(p / tail_total * (1 << tail_bits)))
    return head, tail


HEAD_TABLE, TAIL_TABLE = _lookup_tables()


def topic_terms(topic: dict) -> list[str]:
    """Words and phrases members use for a topic (its name and synonyms), text-safe only."""
    terms = [topic["name"].replace("&", "en"), *topic.get("synonyms", [])]
    return [t.lower() if t[1:].islower() else t for t in terms if _SAFE_TERM.match(t)]


def topic_vocabularies(topics: list[dict]) -> list[list[str]]:
    """Per topic: its own terms plus the domain words its description and synonyms mention.

    Domain words cluster in the threads of their topics, as in real discussions: a word like
    "kostendelersnorm" fills kostendelersnorm threads and is rare elsewhere, so a search for
    it matches a realistic share of threads rather than nearly all of them.
    """
    rng = random.Random(20260102)
    texts = [
        " ".join([t["name"], t["description"], *t.get("synonyms", [])]).lower() for t in topics
    ]
    vocabularies = [topic_terms(t) for t in topics]
    for word in DOMAIN_WORDS:
        owners = [i for i, text in enumerate(texts) if word.lower() in text]
        for index in owners or rng.sample(range(len(topics)), 2):
            vocabularies[index].append(word)
    return vocabularies


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class Text:
    markdown: str
    html: str


class TextGen:
    """Seeded generator of titles, casus bodies, answers, comments and Aanplakker fields."""

    def __init__(self, seed: int, typo_rate: float = 0.004):
        self.rng = random.Random(seed)
        self.typo_rate = typo_rate

    # Words and sentences ---------------------------------------------------------------
    def words(self, n: int, terms: list[str]) -> list[str]:
        rng = self.rng
        # Table look-ups run in C; only the rarer words cost a Python step each.
        words = list(map(HEAD_TABLE.__getitem__, array("H", rng.randbytes(2 * n))))
        tail, size, i = TAIL_TABLE, len(TAIL_TABLE), -1
        try:
            while True:
                i = words.index(None, i + 1)
                words[i] = tail[int(rng.random() * size)]
        except ValueError:
            pass
        if terms:
            picks = rng.choices(terms, k=round(n * TOPIC_SHARE + rng.random() - 0.5))
            for position, word in zip(rng.sample(range(n), len(picks)), picks, strict=True):
                words[position] = word
        for _ in range(int(n * self.typo_rate + rng.random())):
            i = rng.randrange(n)
            w = words[i]
            if len(w) >= 5:
                j = rng.randrange(1, len(w) - 2)
                words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        return words

    def sentences(self, count: int, terms: list[str], end: str = ".") -> str:
        rng = self.rng
        lengths = rng.choices(SENTENCE_LENGTHS, k=count)
        words = self.words(sum(lengths), terms)
        out, pos = [], 0
        for length in lengths:
            chunk = words[pos : pos + length]
            pos += length
            if length > 9 and rng.random() < 0.35:
                k = rng.randrange(3, length - 3)
                chunk[k] += ","
            out.append(_cap(" ".join(chunk)) + end)
        return " ".join(out)

    def count(self, median: float, sigma: float, low: int, high: int) -> int:
        return max(low, min(high, round(self.rng.lognormvariate(0, sigma) * median)))

    # Titles and bodies -----------------------------------------------------------------
    def title(self, terms: list[str]) -> str:
        rng = self.rng
        term = rng.choice(terms) if terms else rng.choice(DOMAIN_WORDS)
        if rng.random() < 0.25:
            words = self.words(rng.randint(5, 12), [term])
            title = _cap(" ".join(words)) + "?"
        else:
            extra = " ".join(self.words(rng.randint(1, 4), []))
            pattern = rng.choice(TITLE_PATTERNS)
            title = pattern.format(t=term, T=_cap(term), x=extra)
        if len(title) < 15:
            title = title[:-1] + " " + " ".join(self.words(4, [])) + "?"
        return title[:149].rstrip(" ,?") + "?"

    def _blocks(self, blocks: list[tuple[str, object]]) -> Text:
        md, html = [], []
        for kind, value in blocks:
            if kind == "h":
                md.append(f"## {value}")
                html.append(f"<h2>{value}</h2>\n")
            elif kind == "ul":
                md.append("\n".join(f"- {item}" for item in value))
                html.append("<ul>\n" + "".join(f"<li>{item}</li>\n" for item in value) + "</ul>\n")
            elif kind == "bold":
                lead, text = value
                md.append(f"**{lead}:** {text}")
                html.append(f"<p><strong>{lead}:</strong> {text}</p>\n")
            else:
                md.append(value)
                html.append(f"<p>{value}</p>\n")
        return Text("\n\n".join(md), "".join(html))

    def question_body(self, terms: list[str], legal_basis: str) -> Text:
        """A casusvraag in the template's sections; about 1,200 characters, long-tailed."""
        rng = self.rng
        size = self.count(10, 0.55, 3, 60)
        situatie = max(2, size // 2)
        blocks: list[tuple[str, object]] = [("h", CASUS_HEADINGS[0])]
        while situatie > 0:
            n = min(situatie, rng.randint(2, 5))
            blocks.append(("p", self.sentences(n, terms)))
            situatie -= n
        blocks += [("h", CASUS_HEADINGS[1]), ("p", self.sentences(rng.randint(1, 3), terms, "?"))]
        rest = max(1, size - size // 2 - 2)
        blocks += [("h", CASUS_HEADINGS[2]), ("p", self.sentences(rest, terms))]
        if legal_basis and rng.random() < 0.7:
            blocks += [("h", CASUS_HEADINGS[3]), ("p", f"{legal_basis}.")]
        return self._blocks(blocks)

    def answer_body(self, terms: list[str]) -> Text:
        """An answer: a few paragraphs, sometimes a bold lead-in or a bullet list."""
        rng = self.rng
        size = self.count(5, 0.6, 1, 45)
        blocks: list[tuple[str, object]] = []
        while size > 0:
            n = min(size, rng.randint(1, 4))
            size -= n
            text = self.sentences(n, terms)
            roll = rng.random()
            if roll < 0.12:
                blocks.append(("bold", (rng.choice(BOLD_LEADS), text)))
            elif roll < 0.22:
                items = [self.sentences(1, terms)[:-1] for _ in range(rng.randint(2, 5))]
                blocks += [("p", text), ("ul", items)]
            else:
                blocks.append(("p", text))
        return self._blocks(blocks)

    def paragraphs(self, terms: list[str], median: float, low: int = 1) -> Text:
        size = self.count(median, 0.5, low, 30)
        blocks = []
        while size > 0:
            n = min(size, self.rng.randint(2, 4))
            blocks.append(("p", self.sentences(n, terms)))
            size -= n
        return self._blocks(blocks)

    def comment(self, terms: list[str]) -> str:
        """A comment of one to three sentences (at most 600 characters)."""
        return self.sentences(self.rng.choice((1, 1, 1, 2, 2, 3)), terms)[:600]


def comment_html(text: str) -> str:
    """The HTML render_comment makes of generated comment text (no links, no markup)."""
    return text


def check_html(samples: int = 60, seed: int = 1) -> None:
    """Fail loudly when the fast HTML path differs from kenme.rendering."""
    from kenme.rendering import render_comment, render_markdown

    gen = TextGen(seed)
    terms = ["kostendelersnorm", "kdn", "inwonende zoon", "zzp'er"]
    for _ in range(samples):
        for text in (
            gen.question_body(terms, "Pw art. 22a; Besluit LKS Pw 2021, Awb 2:5, Wmo/Jw/Pw"),
            gen.answer_body(terms),
            gen.paragraphs(terms, 4),
        ):
            expected = render_markdown(text.markdown)
            if expected != text.html:
                raise AssertionError(f"fast HTML differs:\n{expected!r}\n{text.html!r}")
        comment = gen.comment(terms)
        if render_comment(comment) != comment_html(comment):
            raise AssertionError(f"fast comment HTML differs: {comment!r}")
