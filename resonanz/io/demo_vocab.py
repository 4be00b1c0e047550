"""Word lists for the demo market generator: names, cities, niches and fictional brands.

Everything here is invented or common knowledge (German first and last names, city names and
rough population weights); brands are fictional so that no real company is shown running
undisclosed ads. Text templates for captions, bios and comments live in :mod:`demo_texts`.
"""

from __future__ import annotations

from dataclasses import dataclass

FIRST_NAMES_F: tuple[str, ...] = (
    "Lena", "Anna", "Laura", "Julia", "Sarah", "Lisa", "Hannah", "Lea", "Sophie", "Marie",
    "Katharina", "Johanna", "Jana", "Nina", "Carina", "Vanessa", "Melanie", "Sandra", "Jennifer",
    "Jessica", "Franziska", "Theresa", "Alina", "Emily", "Mia", "Emma", "Clara", "Paula",
    "Charlotte", "Luisa", "Greta", "Ida", "Mila", "Pia", "Nele", "Selina", "Svenja", "Miriam",
    "Sabrina", "Kathrin", "Stefanie", "Christina", "Annika", "Merle", "Ronja", "Leonie", "Elif",
    "Aylin", "Zeynep", "Mariam", "Natalia", "Yasemin", "Jasmin", "Lara", "Maja", "Frieda", "Tanja",
    "Nadine", "Jule", "Antonia",
)  # fmt: skip
FIRST_NAMES_M: tuple[str, ...] = (
    "Max", "Paul", "Jonas", "Leon", "Felix", "Lukas", "Tim", "Jan", "Niklas", "Moritz",
    "Alexander", "Florian", "Tobias", "Sebastian", "Daniel", "David", "Philipp", "Simon", "Julian",
    "Fabian", "Marco", "Dominik", "Kevin", "Dennis", "Marcel", "Benjamin", "Christian", "Matthias",
    "Stefan", "Thomas", "Michael", "Ben", "Finn", "Noah", "Elias", "Luca", "Emil", "Anton", "Henry",
    "Malte", "Hendrik", "Jannik", "Timo", "Robin", "Can", "Emre", "Deniz", "Mehmet", "Ali", "Luis",
    "Niko", "Tom", "Erik", "Oskar", "Jakob", "Johannes", "Leo", "Theo", "Vincent", "Marvin",
)  # fmt: skip
LAST_NAMES: tuple[str, ...] = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
    "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt",
    "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler",
    "Herrmann", "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz",
    "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Vogel", "Friedrich", "Keller", "Günther",
    "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht",
    "Schuster", "Simon", "Ludwig", "Böhm", "Winter", "Kraus", "Martin", "Schumacher", "Krämer",
    "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß", "Seidel", "Heinrich", "Brandt", "Haas",
    "Schreiber", "Graf", "Dietrich", "Ziegler", "Kuhn", "Pohl", "Engel", "Horn", "Busch",
    "Bergmann", "Voigt", "Sauer", "Arnold", "Pfeiffer", "Yılmaz", "Kaya", "Demir", "Şahin",
    "Nowak", "Kowalski", "Popović", "Gruber", "Wimmer", "Pichler", "Steiner", "Moser", "Brunner",
    "Frei", "Baumgartner",
)  # fmt: skip

# (city, ISO country, weight). Weights follow population, with the big media cities boosted
# because creators cluster there; they are relative within the whole list.
CITIES: tuple[tuple[str, str, float], ...] = (
    ("Berlin", "DE", 9.0), ("Hamburg", "DE", 4.2), ("München", "DE", 4.0), ("Köln", "DE", 2.6),
    ("Frankfurt am Main", "DE", 1.6), ("Stuttgart", "DE", 1.2), ("Düsseldorf", "DE", 1.3),
    ("Leipzig", "DE", 1.1), ("Dortmund", "DE", 0.8), ("Essen", "DE", 0.7), ("Bremen", "DE", 0.7),
    ("Dresden", "DE", 0.8), ("Hannover", "DE", 0.8), ("Nürnberg", "DE", 0.8),
    ("Duisburg", "DE", 0.4), ("Bochum", "DE", 0.4), ("Wuppertal", "DE", 0.3),
    ("Bielefeld", "DE", 0.35), ("Bonn", "DE", 0.45), ("Münster", "DE", 0.5),
    ("Mannheim", "DE", 0.4), ("Karlsruhe", "DE", 0.4), ("Augsburg", "DE", 0.35),
    ("Wiesbaden", "DE", 0.3), ("Kiel", "DE", 0.3), ("Aachen", "DE", 0.35),
    ("Freiburg im Breisgau", "DE", 0.4), ("Heidelberg", "DE", 0.3), ("Potsdam", "DE", 0.3),
    ("Rostock", "DE", 0.25), ("Mainz", "DE", 0.3), ("Regensburg", "DE", 0.25),
    ("Würzburg", "DE", 0.2), ("Erfurt", "DE", 0.2), ("Lübeck", "DE", 0.2),
    ("Wien", "AT", 2.6), ("Graz", "AT", 0.6), ("Linz", "AT", 0.4), ("Salzburg", "AT", 0.4),
    ("Innsbruck", "AT", 0.35), ("Zürich", "CH", 1.8), ("Basel", "CH", 0.6), ("Bern", "CH", 0.5),
    ("Luzern", "CH", 0.35), ("Winterthur", "CH", 0.2),
)  # fmt: skip

# The cities that show up in every audience's top list (besides the creator's own city).
AUDIENCE_CITIES: tuple[str, ...] = (
    "Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Wien", "Zürich",
)  # fmt: skip

AGE_BUCKETS: tuple[str, ...] = ("13-17", "18-24", "25-34", "35-44", "45-54", "55+")
GENDER_BUCKETS: tuple[str, ...] = ("f", "m", "d")
COUNTRY_BUCKETS: tuple[str, ...] = ("DE", "AT", "CH", "US", "other")
LANGUAGE_BUCKETS: tuple[str, ...] = ("de", "en", "other")


@dataclass(frozen=True)
class Niche:
    """One content niche: how creators in it name themselves, tag and whom they work with."""

    name: str
    weight: float
    emoji: str
    label_de: str
    label_en: str
    handle_words: tuple[str, ...]
    mit_word: str  # "fit" -> "fitmitmax"
    tags_de: tuple[str, ...]
    tags_en: tuple[str, ...]
    brands: tuple[tuple[str, str], ...]  # (instagram handle, shop domain); fictional
    age_profile: tuple[float, ...]  # shares of AGE_BUCKETS
    female_share: float


NICHES: tuple[Niche, ...] = (
    Niche(
        "fitness", 0.11, "💪", "Fitness & Training", "Fitness & training",
        ("fit", "workout", "training", "gains", "moves"), "fit",
        ("fitness", "training", "workout", "gym", "fitnessmotivation", "krafttraining",
         "gesundleben", "sport", "fitnessdeutschland", "homeworkout"),
        ("fitness", "workout", "gym", "fitfam", "fitnessmotivation", "training",
         "healthylifestyle", "gymlife"),
        (("nordkraft.sports", "nordkraft-sports.de"), ("proteinwerk", "proteinwerk.de"),
         ("flexmat.fit", "flexmat.de")),
        (0.04, 0.30, 0.38, 0.17, 0.07, 0.04), 0.55,
    ),
    Niche(
        "beauty", 0.10, "💄", "Beauty & Skincare", "Beauty & skincare",
        ("beauty", "glow", "makeup", "skin"), "beauty",
        ("beauty", "makeup", "skincare", "hautpflege", "beautyblogger", "naturkosmetik",
         "makeuptutorial", "glowyskin", "schminken"),
        ("beauty", "makeup", "skincare", "glowyskin", "makeuptutorial", "beautytips",
         "skincareroutine"),
        (("glowlab.beauty", "glowlab.de"), ("rosenhaut", "rosenhaut-kosmetik.de"),
         ("lumea.cosmetics", "lumea-cosmetics.com")),
        (0.07, 0.36, 0.33, 0.14, 0.06, 0.04), 0.85,
    ),
    Niche(
        "food", 0.11, "🍝", "Rezepte & Genuss", "Recipes & good food",
        ("kocht", "kitchen", "food", "backt", "isst"), "kochen",
        ("foodblogger", "rezepte", "kochen", "lecker", "foodie", "backen", "einfacherezepte",
         "essen", "foodstagram", "mealprep"),
        ("food", "foodie", "recipes", "homecooking", "foodblogger", "yummy", "instafood"),
        (("kuechenglueck", "kuechenglueck.de"), ("gewuerzhafen", "gewuerzhafen.de"),
         ("brotzeitbox", "brotzeitbox.de")),
        (0.02, 0.20, 0.34, 0.24, 0.12, 0.08), 0.65,
    ),
    Niche(
        "vegan", 0.05, "🌱", "Vegan & pflanzlich", "Vegan & plant-based",
        ("vegan", "plantbased", "gruen", "veggie"), "vegan",
        ("vegan", "veganerezepte", "pflanzlich", "vegandeutschland", "veganfood",
         "plantbased", "tierfrei", "veganessen"),
        ("vegan", "plantbased", "veganfood", "veganrecipes", "crueltyfree", "whatveganseat"),
        (("haferwerk", "haferwerk.de"), ("gruenzeug.foods", "gruenzeug-foods.de"),
         ("tofuhaus", "tofuhaus.de")),
        (0.03, 0.30, 0.38, 0.18, 0.07, 0.04), 0.70,
    ),
    Niche(
        "tech", 0.07, "📱", "Tech & Gadgets", "Tech & gadgets",
        ("tech", "gadgets", "techtalk", "nerd"), "tech",
        ("technik", "tech", "gadgets", "smartphone", "techdeutsch", "smarthome", "unboxing",
         "technews"),
        ("tech", "gadgets", "technology", "smartphone", "unboxing", "techreview"),
        (("voltwerk.tech", "voltwerk.de"), ("klangbox.audio", "klangbox-audio.de"),
         ("pixelbau", "pixelbau.de")),
        (0.06, 0.30, 0.34, 0.18, 0.08, 0.04), 0.25,
    ),
    Niche(
        "travel", 0.09, "✈️", "Reisen & Abenteuer", "Travel & adventures",
        ("travels", "unterwegs", "reist", "wanderlust", "roams"), "reisen",
        ("reisen", "travel", "reiseblogger", "urlaub", "fernweh", "wandern", "roadtrip",
         "reisetipps", "deutschlandreise"),
        ("travel", "wanderlust", "travelgram", "roadtrip", "travelblogger", "explore"),
        (("fernwehkoffer", "fernwehkoffer.de"), ("bergblick.reisen", "bergblick-reisen.de"),
         ("camperglueck", "camperglueck.de")),
        (0.02, 0.24, 0.38, 0.20, 0.10, 0.06), 0.58,
    ),
    Niche(
        "fashion", 0.10, "👗", "Fashion & Style", "Fashion & style",
        ("style", "fashion", "outfits", "looks"), "style",
        ("fashion", "mode", "outfit", "ootd", "style", "fashionblogger", "outfitinspo",
         "streetstyle", "modeblogger"),
        ("fashion", "ootd", "style", "outfitinspo", "streetstyle", "fashionblogger"),
        (("stoffwechsel.mode", "stoffwechsel-mode.de"), ("lindgruen.label", "lindgruen.de"),
         ("kiezkind.fashion", "kiezkind-fashion.de")),
        (0.06, 0.38, 0.32, 0.14, 0.06, 0.04), 0.80,
    ),
    Niche(
        "parenting", 0.08, "👶", "Familienleben", "Family life",
        ("mama", "papa", "family", "familienleben"), "familie",
        ("mamaleben", "familie", "elternzeit", "mamablogger", "kinder", "familienleben",
         "papaleben", "babyzeit", "momlife"),
        ("momlife", "parenting", "familytime", "dadlife", "babylove", "kids"),
        (("kleinundgross", "kleinundgross.de"), ("windelwerk", "windelwerk.de"),
         ("holzspielhaus", "holzspielhaus.de")),
        (0.01, 0.10, 0.45, 0.33, 0.08, 0.03), 0.85,
    ),
    Niche(
        "gaming", 0.06, "🎮", "Gaming & Streams", "Gaming & streams",
        ("gaming", "zockt", "plays", "gg"), "zocken",
        ("gaming", "gamer", "zocken", "twitch", "letsplay", "gamingdeutschland", "pcgaming",
         "konsole"),
        ("gaming", "gamer", "twitch", "letsplay", "pcgaming", "gamingcommunity"),
        (("pixelpanzer", "pixelpanzer.gg"), ("zockerstuhl", "zockerstuhl.de"),
         ("lagfrei.net", "lagfrei.net")),
        (0.20, 0.42, 0.25, 0.09, 0.03, 0.01), 0.22,
    ),
    Niche(
        "finance", 0.05, "💶", "Geld & Finanzen", "Money & finance",
        ("finanzen", "money", "spart", "invest"), "sparen",
        ("finanzen", "geldanlage", "etf", "sparen", "finanziellebildung", "aktien", "budget",
         "finanzfluss", "vermoegen"),
        ("personalfinance", "investing", "money", "budgeting", "etf", "financialfreedom"),
        (("zinsgarten", "zinsgarten.de"), ("depotplus", "depotplus.de"),
         ("sparschwein.app", "sparschwein-app.de")),
        (0.02, 0.26, 0.40, 0.20, 0.08, 0.04), 0.30,
    ),
    Niche(
        "sustainability", 0.05, "♻️", "Nachhaltig leben", "Sustainable living",
        ("green", "nachhaltig", "zerowaste", "eco"), "nachhaltig",
        ("nachhaltigkeit", "zerowaste", "nachhaltigleben", "umweltschutz", "plastikfrei",
         "secondhand", "fairfashion", "klimaschutz"),
        ("sustainability", "zerowaste", "ecofriendly", "sustainableliving", "plasticfree"),
        (("fairfaden", "fairfaden.de"), ("mehrwegmarkt", "mehrwegmarkt.de"),
         ("solarsonne", "solarsonne.de")),
        (0.03, 0.28, 0.38, 0.18, 0.08, 0.05), 0.68,
    ),
    Niche(
        "diy", 0.05, "🔨", "Home & DIY", "Home & DIY",
        ("diy", "zuhause", "wohnen", "werkelt", "home"), "basteln",
        ("diy", "selbstgemacht", "wohnen", "einrichtung", "heimwerken", "interior", "upcycling",
         "wohnideen", "gartenliebe"),
        ("diy", "homedecor", "interior", "upcycling", "homeinspo", "handmade"),
        (("werkbankheld", "werkbankheld.de"), ("wohnglueck.shop", "wohnglueck-shop.de"),
         ("farbtopf", "farbtopf.de")),
        (0.02, 0.16, 0.34, 0.26, 0.14, 0.08), 0.55,
    ),
    Niche(
        "pets", 0.05, "🐶", "Hund, Katz & Co.", "Pets & paws",
        ("pfoten", "hund", "katze", "pets", "dogs"), "hund",
        ("hund", "hundeliebe", "katze", "katzenliebe", "haustier", "dogsofinstagram",
         "hundeleben", "welpe"),
        ("dogsofinstagram", "catsofinstagram", "pets", "doglife", "petlovers"),
        (("pfotenglueck", "pfotenglueck.de"), ("napfhelden", "napfhelden.de"),
         ("wuffwerk", "wuffwerk.de")),
        (0.04, 0.24, 0.32, 0.20, 0.12, 0.08), 0.70,
    ),
    Niche(
        "books", 0.03, "📚", "Bücher & Lesen", "Books & reading",
        ("liest", "books", "buecher", "reads", "lesestoff"), "lesen",
        ("bookstagram", "buchliebe", "lesen", "buchempfehlung", "bücherwurm", "leseliebe",
         "buchtipp", "neuerscheinung"),
        ("bookstagram", "booklover", "reading", "bookrecommendations", "booktok"),
        (("seitenweise.verlag", "seitenweise-verlag.de"), ("leselampe", "leselampe.de"),
         ("buchkiste", "buchkiste.de")),
        (0.08, 0.38, 0.30, 0.14, 0.06, 0.04), 0.75,
    ),
)  # fmt: skip

NICHE_NAMES: tuple[str, ...] = tuple(n.name for n in NICHES)

# Tags any creator adds, per platform (instagram, tiktok, youtube, blog) and language (de, en).
GENERIC_TAGS: dict[str, tuple[str, ...]] = {
    "instagram": ("instagood", "photooftheday", "reels", "deutschland", "inspiration"),
    "tiktok": ("fyp", "foryou", "viral", "tiktokdeutschland", "fürdich"),
    "youtube": ("youtube", "shorts", "neuesvideo"),
    "blog": ("blog", "blogger"),
}

PLATFORM_NAMES: tuple[str, ...] = ("instagram", "tiktok", "youtube", "blog")


def ascii_slug(text: str) -> str:
    """Lower-case ASCII form of a name for handles: 'Müller' -> 'mueller', 'Şahin' -> 'sahin'."""
    table = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", "ş": "s", "ć": "c", "é": "e"}
    low = text.lower()
    out = "".join(table.get(ch, ch) for ch in low)
    return "".join(ch for ch in out if ch.isascii() and ch.isalnum())
