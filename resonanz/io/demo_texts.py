"""Text templates for the demo market generator: captions, bios and comments in German and English.

Templates hold at most one ``{x}`` slot, filled with a niche topic, a handle, a code or a link.
Every pair is ``(german, english)``; niche dictionaries are keyed by the niche names in
:mod:`demo_vocab`.
"""

from __future__ import annotations

Pair = tuple[tuple[str, ...], tuple[str, ...]]

TOPICS: dict[str, Pair] = {
    "fitness": (
        ("Krafttraining zu Hause", "Mobility-Routinen", "Proteinfrühstück", "Laufen im Winter",
         "HIIT in 20 Minuten", "Rückentraining", "den Beintag", "Meal Prep für die Woche",
         "Klimmzüge lernen", "Regeneration"),
        ("home workouts", "mobility routines", "high-protein breakfast", "leg day",
         "20-minute HIIT", "pull-up progress", "rest days", "meal prep"),
    ),
    "beauty": (
        ("meine Morgenroutine", "Sonnenschutz im Alltag", "Naturkosmetik", "ein Glow-Make-up",
         "Pflege für trockene Haut", "Augenbrauen-Styling", "meine Abendroutine",
         "Drogerie-Dupes", "Lippenpflege", "Haarpflege im Winter"),
        ("my morning routine", "everyday SPF", "clean beauty", "a glowy makeup look",
         "dry skin care", "drugstore dupes", "my night routine", "brow styling"),
    ),
    "food": (
        ("Ofengemüse", "Shakshuka", "Käsespätzle", "Bananenbrot", "Linsencurry",
         "Zimtschnecken", "Pasta mit Zitrone", "Kartoffelsuppe", "Flammkuchen", "Apfelkuchen"),
        ("sheet-pan veggies", "shakshuka", "banana bread", "lentil curry", "cinnamon rolls",
         "lemon pasta", "potato soup", "apple pie"),
    ),
    "vegan": (
        ("veganes Gulasch", "Tofu-Rührei", "Hafermilch-Porridge", "Kichererbsen-Curry",
         "vegane Brownies", "Seitan-Döner", "Linsenbolognese", "Overnight Oats",
         "Cashew-Käse", "Gemüse-Bowls"),
        ("vegan goulash", "tofu scramble", "oat porridge", "chickpea curry", "vegan brownies",
         "lentil bolognese", "overnight oats", "buddha bowls"),
    ),
    "tech": (
        ("das neue Smartphone", "mein Homeoffice-Setup", "Noise-Cancelling-Kopfhörer",
         "Smart-Home-Steckdosen", "die beste Powerbank", "mechanische Tastaturen",
         "Akkulaufzeit", "Datenschutz am Handy", "mein Schreibtisch-Upgrade", "E-Reader"),
        ("the new smartphone", "my desk setup", "noise-cancelling headphones",
         "smart home plugs", "mechanical keyboards", "battery life", "phone privacy settings",
         "e-readers"),
    ),
    "travel": (
        ("ein Wochenende in Lissabon", "Wandern im Allgäu", "Roadtrip durch Norwegen",
         "Zugreisen durch Europa", "die Ostsee im Herbst", "Camping am Gardasee",
         "günstig reisen", "Packlisten", "versteckte Orte in Südtirol", "Städtetrips"),
        ("a weekend in Lisbon", "hiking in the Alps", "a Norway road trip", "train travel",
         "budget travel", "packing lists", "hidden gems in South Tyrol", "city breaks"),
    ),
    "fashion": (
        ("Herbst-Outfits", "Capsule Wardrobe", "Secondhand-Funde", "Business-Looks",
         "Sneaker-Trends", "Layering", "Outfits fürs Büro", "meine Lieblingsjeans",
         "Accessoires", "Wintermäntel"),
        ("fall outfits", "a capsule wardrobe", "thrift finds", "sneaker trends", "layering",
         "office looks", "my favourite jeans", "winter coats"),
    ),
    "parenting": (
        ("Einschlafrituale", "Brotdosen-Ideen", "unseren Familienalltag", "die Eingewöhnung",
         "Ausflüge mit Kindern", "Trotzphasen", "Elternzeit", "Geschwisterliebe",
         "Kinderbücher", "Regentage drinnen"),
        ("bedtime routines", "lunchbox ideas", "family life", "toddler tantrums",
         "days out with kids", "parental leave", "sibling love", "rainy day activities"),
    ),
    "gaming": (
        ("das neue Update", "mein Streaming-Setup", "Indie-Games", "Speedruns",
         "Koop-Spiele", "Retro-Konsolen", "die Ranked-Saison", "Gaming-Mäuse",
         "den Boss im letzten Level", "Couch-Koop"),
        ("the new patch", "my streaming setup", "indie games", "speedruns", "co-op games",
         "retro consoles", "ranked season", "the final boss"),
    ),
    "finance": (
        ("ETF-Sparpläne", "das Haushaltsbuch", "Notgroschen", "Steuererklärung",
         "Altersvorsorge", "Tagesgeld", "Dividenden", "Budgetieren mit 50/30/20",
         "Schulden abbauen", "Inflation"),
        ("ETF savings plans", "budgeting", "emergency funds", "retirement saving",
         "dividends", "paying off debt", "the 50/30/20 rule", "inflation"),
    ),
    "sustainability": (
        ("Zero Waste im Bad", "Secondhand-Shopping", "Balkonkraftwerke", "Mehrweg statt Einweg",
         "Reparieren statt Wegwerfen", "saisonales Gemüse", "Fair Fashion",
         "Müll vermeiden", "Upcycling", "nachhaltiges Reisen"),
        ("zero waste bathrooms", "thrifting", "balcony solar", "repair instead of replace",
         "seasonal produce", "fair fashion", "reducing waste", "slow travel"),
    ),
    "diy": (
        ("unser Flur-Makeover", "Wandfarbe", "ein Regal aus Altholz", "Balkongestaltung",
         "Fliesen streichen", "Upcycling-Möbel", "den Hochbeet-Bau", "Lichtkonzepte",
         "Küchenfronten", "Gartenprojekte"),
        ("our hallway makeover", "paint colours", "a reclaimed wood shelf", "balcony styling",
         "upcycled furniture", "building a raised bed", "kitchen fronts", "garden projects"),
    ),
    "pets": (
        ("Hundetraining", "Katzenspielzeug", "Barfen", "den ersten Tag mit Welpe",
         "Gassirunden im Regen", "Tierarztbesuche", "Kratzbäume", "Leinenführigkeit",
         "Urlaub mit Hund", "Fellpflege"),
        ("dog training", "cat toys", "puppy's first day", "rainy walks", "vet visits",
         "leash training", "travelling with a dog", "grooming"),
    ),
    "books": (
        ("meine Lesehighlights", "Thriller-Empfehlungen", "den Stapel ungelesener Bücher",
         "Fantasy-Reihen", "Hörbücher", "Bücher für den Urlaub", "Klassiker",
         "Neuerscheinungen im Herbst", "Lesegewohnheiten", "Buchclubs"),
        ("my reading highlights", "thriller picks", "my TBR pile", "fantasy series",
         "audiobooks", "beach reads", "classics", "new releases"),
    ),
}  # fmt: skip

NICHE_CAPTIONS: dict[str, Pair] = {
    "fitness": (
        ("Schweiß, Muskelkater und {x} – so sah mein Training heute aus 💪",
         "Ihr habt gefragt, ich liefere: {x} Schritt für Schritt."),
        ("Sweat, sore legs and {x} – that was today's session 💪",
         "You asked, so here it is: {x} step by step."),
    ),
    "beauty": (
        ("Ungeschminkt ehrlich: {x} – was wirklich hilft ✨",
         "Meine Haut dankt mir für {x}."),
        ("No filter, just honest: {x} ✨", "My skin is thanking me for {x}."),
    ),
    "food": (
        ("Heute gibt's {x} – schnell, einfach und super lecker 😋",
         "Das Rezept für {x} wolltet ihr unbedingt haben. Bitteschön!"),
        ("Tonight: {x} – quick, easy and so good 😋", "You kept asking for my {x} recipe. Here!"),
    ),
    "vegan": (
        ("Wer sagt, vegan ist kompliziert? {x} in 20 Minuten 🌱",
         "Heute auf dem Tisch: {x}, komplett pflanzlich."),
        ("Who says vegan is hard? {x} in 20 minutes 🌱",
         "On the table today: {x}, fully plant-based."),
    ),
    "tech": (
        ("Zwei Wochen getestet: {x}. Mein ehrliches Fazit 👇",
         "Lohnt sich {x} wirklich? Ich hab's ausprobiert."),
        ("Two weeks with {x}. My honest verdict 👇", "Is {x} worth it? I tried it."),
    ),
    "travel": (
        ("Fernweh-Alarm: {x} 🌍", "Gespeichert für später? {x} gehört auf eure Liste!"),
        ("Wanderlust mode on: {x} 🌍", "Save this for later: {x} belongs on your list!"),
    ),
    "fashion": (
        ("Drei Wege, ein Teil: {x} 👗", "Outfit des Tages – heute im Fokus: {x}."),
        ("Three ways to wear it: {x} 👗", "Outfit of the day, all about {x}."),
    ),
    "parenting": (
        ("Mamaleben ungefiltert: {x} 🙈", "Was bei uns gerade hilft: {x}."),
        ("Parenting, unfiltered: {x} 🙈", "What works for us right now: {x}."),
    ),
    "gaming": (
        ("Stream-Highlight der Woche: {x} 🎮", "Endlich geschafft: {x}!"),
        ("Stream highlight of the week: {x} 🎮", "Finally did it: {x}!"),
    ),
    "finance": (
        ("Keine Anlageberatung, aber meine Erfahrung mit {x} 💶",
         "Finanzen einfach erklärt: {x}."),
        ("Not financial advice, just my take on {x} 💶", "Money made simple: {x}."),
    ),
    "sustainability": (
        ("Kleiner Schritt, große Wirkung: {x} ♻️", "So klappt {x} bei uns im Alltag."),
        ("Small step, big impact: {x} ♻️", "How {x} works in our everyday life."),
    ),
    "diy": (
        ("Vorher/Nachher: {x} 🔨", "Wochenendprojekt: {x} – mit kleinem Budget."),
        ("Before/after: {x} 🔨", "Weekend project: {x} on a budget."),
    ),
    "pets": (
        ("Unser Fellnase erklärt euch {x} 🐾", "Ein Tag voller {x} – und viel Liebe."),
        ("Our furry friend explains {x} 🐾", "A day full of {x} and lots of love."),
    ),
    "books": (
        ("Neu im Regal und schon verschlungen: {x} 📚", "Lesestunde mit Tee und {x}."),
        ("New on my shelf and already devoured: {x} 📚", "Reading hour with tea and {x}."),
    ),
}  # fmt: skip

GENERIC_CAPTIONS: Pair = (
    ("Heute dreht sich alles um {x}.", "Mein ehrlicher Eindruck zu {x} nach vier Wochen:",
     "Alles über {x} – speichern nicht vergessen!", "Ein kleiner Einblick in {x}.",
     "Ihr wolltet mehr über {x} wissen, hier kommt's.", "Mein Wochenrückblick: {x}."),
    ("Today is all about {x}.", "My honest take on {x} after four weeks:",
     "Everything about {x} – save it for later!", "A little look at {x}.",
     "You wanted more on {x}, so here it is.", "My week in review: {x}."),
)  # fmt: skip

OPENERS: Pair = (
    ("Guten Morgen ihr Lieben! ☀️ ", "Neuer Post! ", "Endlich Wochenende! ", "Kurzes Update: ",
     "Ich muss euch was zeigen: ", "Hallo zusammen! ", "", "", "", ""),
    ("Good morning loves! ☀️ ", "New post! ", "Finally weekend! ", "Quick update: ",
     "I have to show you something: ", "Hey everyone! ", "", "", "", ""),
)  # fmt: skip

CLOSERS: Pair = (
    (" Was meint ihr? 👇", " Speichert euch den Post! 📌", " Link in Bio.",
     " Schreibt mir eure Fragen in die Kommentare.", " Habt einen schönen Tag! 💛",
     " Wie macht ihr das?", "", ""),
    (" What do you think? 👇", " Save this post! 📌", " Link in bio.",
     " Drop your questions below.", " Have a lovely day! 💛", " How do you do it?", "", ""),
)  # fmt: skip

# Disclosures at the very start of a sponsored caption: (text, hashtag it contains or "").
DISCLOSURES_DE: tuple[tuple[str, str], ...] = (
    ("Werbung | ", ""), ("Anzeige: ", ""), ("#werbung ", "werbung"), ("[Werbung] ", ""),
    ("#anzeige ", "anzeige"), ("Werbung – ", ""),
)  # fmt: skip
DISCLOSURES_EN: tuple[tuple[str, str], ...] = (
    ("#ad ", "ad"), ("Ad | ", ""), ("Werbung/#ad | ", "ad"), ("#sponsored ", "sponsored"),
)  # fmt: skip

SPONSOR_SENTENCES: Pair = (
    (" Ich teste seit Wochen die Produkte von {x} und bin begeistert.",
     " Danke an {x} für die Zusammenarbeit!", " Mein neuer Liebling kommt von {x}.",
     " Gemeinsam mit {x} zeige ich euch heute, wie das geht.",
     " Ohne {x} geht bei mir gerade gar nichts mehr."),
    (" I've been testing products from {x} for weeks and I love them.",
     " Thanks to {x} for the collab!", " My new favourite is from {x}.",
     " Teaming up with {x} to show you how it's done."),
)  # fmt: skip

CODE_SENTENCES: Pair = (
    (" Mit meinem Code {x} spart ihr im Shop.", " Rabattcode: {x} 🎁",
     " Mit {x} bekommt ihr Rabatt auf eure Bestellung."),
    (" Use my code {x} for a discount.", " Discount code: {x} 🎁"),
)  # fmt: skip

LINK_SENTENCES: Pair = (
    (" Hier geht's direkt zum Produkt*: {x} (*Affiliate-Link)", " Zum Shop: {x}",
     " Alle Infos unter {x}"),
    (" Shop it here*: {x} (*affiliate link)", " Get it here: {x}"),
)  # fmt: skip

FRIEND_SENTENCES: Pair = (
    (" Danke an {x} für die Inspiration!", " Mit {x} unterwegs 🙌", " Grüße an {x}!"),
    (" Shoutout to {x}!", " With {x} today 🙌"),
)  # fmt: skip

BIO_EXTRAS: Pair = (
    (" | 📩 Kooperationen per DM", " | 👇 Alle Links", " | Neue Posts jeden Sonntag",
     " | Mama von zwei", " | Kaffee-Junkie ☕", "", "", ""),
    (" | 📩 collabs via DM", " | 👇 all links", " | new posts every Sunday",
     " | coffee addict ☕", "", ""),
)  # fmt: skip

ON_SCREEN_ADS: tuple[str, ...] = (
    "Werbung", "Anzeige", "Unterstützt durch Produktplatzierung", "Werbevideo",
)  # fmt: skip
ON_SCREEN_HOOKS: Pair = (
    ("3 Tipps für {x}", "POV: {x}", "Das hat mir niemand über {x} gesagt", "{x} in 30 Sekunden"),
    ("3 tips for {x}", "POV: {x}", "Nobody told me this about {x}", "{x} in 30 seconds"),
)  # fmt: skip

# --- comments -------------------------------------------------------------------------------

COMMENT_QUESTIONS: Pair = (
    ("Wie oft machst du das mit {x}? Ich will unbedingt anfangen!",
     "Hab {x} gestern nachgemacht – die ganze Familie war begeistert!",
     "Wo bekomme ich alles für {x} her?",
     "Ich hadere schon ewig mit {x}, danke für die ehrlichen Worte.",
     "Kannst du zu {x} mal ein längeres Video machen?",
     "Bei mir hat {x} leider nicht geklappt, hast du einen Tipp?"),
    ("How often do you do {x}? I really want to start!",
     "Tried {x} yesterday and my whole family loved it!",
     "Where do I get everything for {x}?",
     "I've been struggling with {x} for ages, thanks for being so honest.",
     "Could you do a longer video on {x}?"),
)  # fmt: skip

COMMENT_STORIES: Pair = (
    ("Danke, genau das habe ich gesucht!", "Wie lange hast du dafür gebraucht?",
     "Das erinnert mich an meinen Opa, der hat das auch immer so gemacht 🥹",
     "Ich bin seit einem Jahr dabei und es hat mein Leben verändert.",
     "Woher ist das Oberteil?", "Endlich mal jemand, der es ehrlich zeigt."),
    ("Thank you, exactly what I was looking for!", "How long did that take you?",
     "This reminds me of my grandma, she always did it like that 🥹",
     "Been doing this for a year and it changed my life.", "Where is the top from?"),
)  # fmt: skip

COMMENT_PRAISE: Pair = (
    ("Toll!", "Super Bild 😍", "Mega!", "Sehr schön!", "Wow 🔥", "Wunderschön ❤️",
     "Richtig cool", "Stark!", "Hammer 😍", "Traumhaft"),
    ("love it", "Amazing ❤️", "So cute!", "Nice pic", "Great content 👏", "Wow!!",
     "Beautiful 😍", "Obsessed"),
)  # fmt: skip

COMMENT_EMOJI: tuple[str, ...] = (
    "😍😍😍", "🔥🔥", "❤️", "👏👏", "🙌", "😂😂", "💯", "😍", "🔥🔥🔥", "❤️❤️", "🥰", "👍",
)  # fmt: skip

COMMENT_SPAM: Pair = (
    ("Verdiene 500 € am Tag von zu Hause – Link in meiner Bio!",
     "Schreib mir eine DM für eine Kooperation 💰", "Folg mir, ich folge zurück!",
     "Gratis Follower auf meinem Profil 🔥"),
    ("Check my profile for free followers", "DM for collab 💰",
     "Send this pic to @featurehub_daily to get featured 🌟",
     "Promote it on @growthboost.official 🚀", "Crypto signals in my bio 📈"),
)  # fmt: skip

COMMENT_POD: Pair = (
    ("Wow, so schön geworden! 😍", "Richtig starker Post!", "Mega Content wie immer 🔥",
     "Das musste ich direkt speichern!", "Immer wieder inspirierend ❤️",
     "Sooo toll, weiter so! 👏"),
    ("Love this so much 🙌", "Such great content as always 🔥", "Saving this right away!",
     "Always so inspiring ❤️", "Obsessed with this post!!"),
)  # fmt: skip
