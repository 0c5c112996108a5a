"""Word lists that type the capitalised names the chunker finds.

Country names come from ``pycountry`` (ISO 3166, maintained), with the short forms news
writing uses ("Russia", "Iran", "US") and demonyms ("Syrian", "Russians") added here by hand;
US, Canadian and Australian states/provinces come from ``pycountry``'s ISO 3166-2 list and
count as places, not actors. Everything else is a small hand-made list, kept short on purpose:
titles (they mark a person and become labels), head words of organisation names, nouns for
unnamed groups, and capitalised words that start sentences without naming anything.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry

# An Arabic article before a surname: "al-Assad" is also "Assad".
ARTICLE_PREFIX = re.compile(r"^(?:al|el|Al|El)-(?=[A-Z])")
# A person's name particles, in lower case inside the name ("Bill de Blasio", "Mohammed bin
# Salman", "Ursula von der Leyen").
NAME_PARTICLES = frozenset("de del du da van von der bin ibn al".split())

# Short forms, old names and abbreviations -> the country's common name in news English.
_SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "United States": ("US", "U.S.", "USA", "U.S.A.", "America", "United States of America"),
    "United Kingdom": ("UK", "U.K.", "Britain", "Great Britain"),
    "Russia": ("Russian Federation",),
    "Iran": ("Islamic Republic of Iran",),
    "Syria": ("Syrian Arab Republic",),
    "South Korea": ("Republic of Korea",),
    "North Korea": ("DPRK",),
    "China": ("PRC", "People's Republic of China"),
    "Taiwan": (),
    "Venezuela": (),
    "Bolivia": (),
    "Vietnam": ("Viet Nam",),
    "Laos": (),
    "Moldova": (),
    "Tanzania": (),
    "Palestine": ("Palestinian Territories",),
    "Czech Republic": ("Czechia",),
    "Turkey": ("Türkiye",),
    "Ivory Coast": ("Côte d'Ivoire",),
    "Congo": (),
    "Vatican": ("Holy See",),
}
# Demonyms (singular adjective and plural noun) -> country; only the common ones.
_DEMONYMS: dict[str, str] = {
    "American": "United States",
    "British": "United Kingdom",
    "Briton": "United Kingdom",
    "English": "United Kingdom",
    "Russian": "Russia",
    "Syrian": "Syria",
    "Iranian": "Iran",
    "Iraqi": "Iraq",
    "Israeli": "Israel",
    "Palestinian": "Palestine",
    "Turkish": "Turkey",
    "Turk": "Turkey",
    "Saudi": "Saudi Arabia",
    "Afghan": "Afghanistan",
    "Pakistani": "Pakistan",
    "Indian": "India",
    "Chinese": "China",
    "Japanese": "Japan",
    "Korean": "South Korea",
    "North Korean": "North Korea",
    "South Korean": "South Korea",
    "French": "France",
    "German": "Germany",
    "Italian": "Italy",
    "Spanish": "Spain",
    "Polish": "Poland",
    "Ukrainian": "Ukraine",
    "Canadian": "Canada",
    "Mexican": "Mexico",
    "Cuban": "Cuba",
    "Venezuelan": "Venezuela",
    "Brazilian": "Brazil",
    "Egyptian": "Egypt",
    "Libyan": "Libya",
    "Lebanese": "Lebanon",
    "Jordanian": "Jordan",
    "Yemeni": "Yemen",
    "Qatari": "Qatar",
    "Kurdish": "Kurdistan",
    "Greek": "Greece",
    "Dutch": "Netherlands",
    "Swedish": "Sweden",
    "Australian": "Australia",
    "Nigerian": "Nigeria",
    "Serbian": "Serbia",
    "Hungarian": "Hungary",
    "Belarusian": "Belarus",
    "Georgian": "Georgia",
    "Armenian": "Armenia",
    "Azerbaijani": "Azerbaijan",
}
# Capitals used for their governments ("criticizing Moscow and Tehran"); a single-word name
# only, so "Washington Post" stays an organisation.
_CAPITALS: dict[str, str] = {
    "Washington": "United States",
    "Moscow": "Russia",
    "Tehran": "Iran",
    "Damascus": "Syria",
    "Beijing": "China",
    "Pyongyang": "North Korea",
    "Ankara": "Turkey",
    "Kiev": "Ukraine",
    "Kyiv": "Ukraine",
    "Riyadh": "Saudi Arabia",
    "Baghdad": "Iraq",
    "Caracas": "Venezuela",
    "Havana": "Cuba",
    "Tel Aviv": "Israel",
    "Downing Street": "United Kingdom",
}


@cache
def country_aliases() -> dict[str, str]:
    """Every written form of a country (name, short form, demonym, plural) -> its common name."""
    aliases: dict[str, str] = {}
    for country in pycountry.countries:
        common = getattr(country, "common_name", None) or country.name
        if "," in common:  # "Korea, Republic of" and the like: the short forms cover them
            continue
        for form in (country.name, common, getattr(country, "official_name", None)):
            if form and "," not in form:
                aliases[form] = common
    for common, forms in _SHORT_FORMS.items():
        aliases[common] = common
        for form in forms:
            aliases[form] = common
    for demonym, common in _DEMONYMS.items():
        aliases[demonym] = common
        aliases[demonym + "s"] = common
    aliases.update(_CAPITALS)
    return aliases


# The first or last word of a place's name ("Port Alder", "Fort Worth", "Lake Geneva",
# "Cedar Falls"): a run holding one is a place, not a person. Words that are also common
# names ("Park", "Glen", "Hills") are left out.
PLACE_HEADS = frozenset("Port Fort Mount Mt. Lake Cape Point Isle Loch San Santa Las Los".split())
PLACE_TAILS = frozenset(
    """City Town Village County Province Island Islands Bay Beach Falls Heights Valley Springs
    Harbour Harbor Port River Creek Square Street Avenue Road Tower Airport Station Bridge
    Stadium Arena Belt""".split()
)


@cache
def places() -> frozenset[str]:
    """Names of places that are not actors: states and provinces, regions, city words."""
    names = {
        s.name
        for s in pycountry.subdivisions
        if s.country_code in {"US", "CA", "AU"} and "," not in s.name
    }
    names.update(_REGIONS)
    names.update(_STATE_ABBREVIATIONS)
    return frozenset(names)


# US states and the capital as AP style writes them after a city ("Manchester, N.H.", "Aspen,
# Colo."), as tokens: the dotted ones whole, the others without their stop.
AP_STATES = frozenset(
    "N.Y. N.H. N.J. N.M. N.C. N.D. S.C. S.D. R.I. D.C. Ala Ariz Ark Calif Colo Conn Del Fla Ga "
    "Ill Ind Kan Ky La Md Mass Mich Minn Miss Mo Mont Neb Nev Okla Ore Pa Tenn Vt Va Wash Wis "
    "Wyo".split()
)
# The dotted ones are names of places; the others ("Calif.", "Pa.") read as words.
_STATE_ABBREVIATIONS = frozenset(s for s in AP_STATES if "." in s)


_REGIONS = frozenset(
    "Europe Asia Africa Latin America North America South America Middle East Gulf Balkans "
    "Caucasus Scandinavia Arctic Antarctica Pacific Atlantic Mediterranean Aleppo Idlib Gaza "
    "Crimea Donbas Kashmir Silicon Valley Wall Street Hollywood Manhattan Brooklyn "
    "London Paris Berlin Rome Madrid Brussels Geneva Vienna New York Chicago Los Angeles "
    "Boston Houston Miami Seattle Philadelphia Detroit Atlanta Baltimore Charlotte Dallas "
    "Denver Cleveland Phoenix Pittsburgh Minneapolis Milwaukee Cincinnati Nashville Memphis "
    "Sacramento Orlando Tampa Istanbul Prague Athens Dublin Edinburgh Toronto Montreal Sydney "
    "Shanghai Mumbai Dubai Lagos".split()
) | frozenset(
    (
        "Latin America",
        "North America",
        "South America",
        "Middle East",
        "New York",
        "Los Angeles",
        "Wall Street",
        "Silicon Valley",
        "West Bank",
        "Old City",
        "New York City",
        "San Francisco",
        "Washington D.C.",
        "New England",
        "Capitol Hill",
        # Cities of two or more words, which no rule reads as places otherwise ("she" was
        # once resolved to "Las Vegas"). Capitals that stand for their governments ("Moscow
        # and Tehran") are left out: they are actors.
        "Las Vegas",
        "San Diego",
        "San Antonio",
        "San Jose",
        "Kansas City",
        "St. Louis",
        "New Orleans",
        "Salt Lake City",
        "Oklahoma City",
        "Fort Worth",
        "El Paso",
        "Mexico City",
        "Buenos Aires",
        "Rio de Janeiro",
        "Sao Paulo",
        "São Paulo",
        "Tel Aviv",
        "New Delhi",
        "Hong Kong",
        "Cape Town",
    )
)

# The last word of a capitalised run that makes it a date, an event, a document or a page
# element, never an actor: "New Year", "Election Day", "Cold War", "World War II" (a numeral
# after "War" too), "Affordable Care Act", "Privacy Policy". Person names that end so ("Doris
# Day") are lost: a price paid knowingly, they are rarer in news than the holidays.
THING_TAILS = frozenset(
    """Day Days Eve Year Years Week Weekend Holiday Holidays Month Season War
    Wars Act Acts Agreement Treaty Accord Accords Bill Law Amendment Partnership Pact Plan Deal
    Doctrine Recession Depression Revolution Summit Games Olympics Cup Prize Award Awards
    Policy Policies Terms Conditions Text Edition Update Updates Convention Conference
    Debate Debates Primary Primaries Election Elections Hearing Hearings Security Report
    Reports Investigation Investigations Probe Inquiry Newsletter Syndrome Hoax Fair Question
    Religion Immigration Carta""".split()
)
# Days, months and feasts: alone they name a person only as the surname of one the article
# names in full ("Theresa May", then "May"); with words of CALENDAR_WORDS they name a time
# ("Good Friday", "Easter Sunday").
WEEKDAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
CALENDAR = WEEKDAYS | frozenset(
    """January February March April May June July August September October November December
    Christmas Easter Thanksgiving Halloween Ramadan Eid Hanukkah Passover Diwali Lent Advent
    Pentecost""".split()
)
# Months that are also names; after a first name they are a surname ("Theresa May", "Brian
# May"), which NOT_NAMES would otherwise rule out, but not after a word of time ("Early May").
NAME_MONTHS = frozenset("April May June August".split())
BEFORE_MONTHS = frozenset("Early Late Mid Last Next This Each Every".split())
CALENDAR_WORDS = CALENDAR | frozenset("New Good Black Cyber Holy Ash Palm Orthodox".split())
ROMAN_NUMERALS = frozenset("I II III IV V VI VII VIII IX X".split())
# Party words before a full name: "Democrat Hillary Clinton", "Republican Donald Trump". They
# act as titles (labels of the person) only before a person's name, never before an
# organisation's ("Republican National Committee").
PARTY_WORDS = frozenset(
    "Democrat Democratic Republican Labour Tory Conservative Liberal Socialist Communist "
    "Green Libertarian Independent".split()
)
# A party word and its plurals: in a run of capitals they describe ("Iowa Republican",
# "Tory MPs", "Angry Democrats"), they name no one.
PARTY_FORMS = PARTY_WORDS | {f"{w}s" for w in PARTY_WORDS} | {"Tories"}
# Capitalised adjectives before a government that are not its leader: "the Nazi regime".
_NOT_LEADERS = frozenset(
    "Nazi Fascist Soviet Zionist Islamist Baathist Marxist Maoist Bolshevik Federal National "
    "Provisional Interim Transitional Military Coalition Unity Western Eastern".split()
)
NOT_LEADERS = PARTY_WORDS | _NOT_LEADERS
# Nouns after which a single capitalised word names a leader through the body they lead:
# "the Assad government", "the Obama administration", "the Putin regime".
LED_BODIES = frozenset("government regime administration cabinet camp presidency".split())
# The geopolitical West: "the West", "western countries" and "these nations" said of them.
WEST = "the West"
BLOC_NOUNS = frozenset("countries nations powers governments states allies democracies".split())

# Short forms of first names -> the full form, so that "Bill Barr" and "William Barr" are one
# person. Only forms with one usual full name ("Ted" is Edward or Theodore, "Chris"
# Christopher or Christine: left out).
NICKNAMES: dict[str, str] = {
    short: full
    for full, shorts in {
        "William": "Bill Billy Will Willy",
        "Robert": "Bob Bobby Rob Robbie",
        "Michael": "Mike",
        "James": "Jim Jimmy",
        "Charles": "Chuck",
        "Joseph": "Joe Joey",
        "Thomas": "Tom Tommy",
        "Richard": "Dick",
        "Daniel": "Dan Danny",
        "David": "Dave",
        "Anthony": "Tony",
        "Andrew": "Andy",
        "Benjamin": "Ben",
        "Samuel": "Sam",
        "Nicholas": "Nick",
        "Matthew": "Matt",
        "Gregory": "Greg",
        "Jeffrey": "Jeff",
        "Kenneth": "Ken",
        "Lawrence": "Larry",
        "Ronald": "Ron Ronnie",
        "Donald": "Don Donnie",
        "Edward": "Ed Eddie",
        "Frederick": "Fred",
        "Timothy": "Tim",
        "Rudolph": "Rudy",
        "Elizabeth": "Liz",
    }.items()
    for short in shorts.split()
}
# First names that name one gender in English-language news, so that "he" never resolves to
# "Ann Ortiz" nor "she" to "John Lee" (the census adds more: propscan.actors.first_names).
# Names borne by both are left out, of the census's too.
AMBIGUOUS_FIRST_NAMES = frozenset("Alex Chris Kim Lindsey Terry".split())
MALE_FIRST_NAMES = frozenset(
    """Aaron Adam Alan Albert Andrew Andy Anthony Antonio Arthur Barack Barry Ben Benjamin Bernard
    Bernie Bill Billy Bob Bobby Boris Brad Brandon Brett Brian Bruce Carl Carlos Chad
    Charles Christopher Chuck Clarence Cory Craig Dale Dan Daniel Darrell Dave David Dennis
    Derek Devin Dick Donald Doug Douglas Earl Ed Edward Eric Eugene Frank Franklin Fred
    Gary Gavin George Gerald Glenn Gordon Greg Hank Harold Harry Henry Herbert Howard Hugh
    Ian Jack Jacob James Jared Jason Jeb Jeff Jeffrey Jeremy Jesse Jim Jimmy Joe Joel John
    Johnny Jon Jonathan Jose Joseph Josh Joshua Juan Justin Keith Ken Kenneth Kevin Kyle
    Larry Lawrence Leon Louis Luis Luke Marco Marcus Mario Mark Martin Marvin Matt Matthew
    Michael Mike Mitch Mitt Nathan Nathaniel Neil Newt Nicholas Nick Nigel Norman Oliver
    Orrin Patrick Paul Peter Phil Philip Ralph Rand Randy Raymond Reince Rex Richard Rick
    Rob Robert Rodney Roger Ron Ronald Roy Rudy Russell Ryan Sam Samuel Scott Sean Sergei
    Seth Shawn Stanley Stephen Steve Steven Ted Thomas Tim Timothy Todd Tom Tony Trey Troy
    Tucker Victor Vincent Vladimir Walter Wayne Wesley William""".split()
)
FEMALE_FIRST_NAMES = frozenset(
    """Abigail Alexandria Alice Amanda Amy Andrea Angela Ann Anna Anne Ashley Barbara Beth Betsy
    Betty Brenda Brittany Carly Carol Caroline Catherine Cheryl Christina Christine Claire
    Condoleezza Cynthia Debbie Deborah Debra Denise Diana Diane Dianne Donna Dorothy Elaine
    Elizabeth Ellen Emily Emma Gloria Hannah Heather Helen Hillary Huma Ilhan Irene Ivana
    Ivanka Jacqueline Jane Janet Jennifer Jessica Jill Joan Joanne Joyce Judith Judy Julia
    Julie Kamala Karen Kate Katherine Kathleen Kathy Katie Kellyanne Kirsten Kristen
    Kristin Laura Lauren Linda Lisa Loretta Lori Madeleine Margaret Maria Marie Marilyn
    Marsha Martha Mary Maxine Megan Megyn Melania Melissa Michelle Monica Nancy Natalie
    Nicola Nikki Nina Norma Olivia Pamela Patricia Paula Rachel Rebecca Rosie Ruth Samantha
    Sandra Sarah Sharon Sheila Sheryl Shirley Sophia Stephanie Susan Tammy Teresa Theresa
    Tiffany Tina Tulsi Valerie Vanessa Wendy Yvette""".split()
)
# First names that are words news writes in lower case too ("Rush Limbaugh", "Hope Hicks"):
# a name they open is a person's all the same (see propscan.actors.common_words).
WORD_FIRST_NAMES = frozenset(
    "Al Don Guy Rich Rush Hunter Chase Grant Drew Dean Lance Cliff Miles Wade Hope Joy Grace "
    "Faith Amber Ivy Rose Dawn Summer Penny Ruby Autumn Destiny Jay Pat".split()
)


def is_first_name(word: str) -> bool:
    """Whether a word is a first name the lists know."""
    return word in MALE_FIRST_NAMES or word in FEMALE_FIRST_NAMES or word in WORD_FIRST_NAMES


# Words that, before a name, make it a person's name; they become labels of that person.
TITLES = frozenset(
    """president vice-president prime minister chancellor premier king queen prince princess
    emperor pope ayatollah sheikh imam rabbi bishop cardinal reverend rev father sen senator
    rep representative congressman congresswoman governor gov mayor judge justice attorney
    secretary secretary-general spokesman spokeswoman spokesperson ambassador envoy general gen
    colonel col lieutenant lt sergeant sgt captain capt major admiral commander chairman
    chairwoman chair director ceo founder candidate nominee leader dr doctor professor prof mr
    mrs ms miss sir lord lady dame minister deputy commissioner sheriff officer analyst
    economist author journalist reporter columnist activist writer blogger strategist adviser
    advisor aide pastor councillor councilor councilman councilwoman alderman speaker counsel
    mp mep msp taoiseach pm principal superintendent archbishop monsignor inspector whip
    editor correspondent anchor host publisher producer commentator contributor presenter
    """.split()
)
# Titles that are also common surnames: after a name, closing the run, they are one ("John
# Major", "Carole King"), where "Foreign Secretary" stays a title.
SURNAME_TITLES = frozenset("King Major Bishop Dean Judge Pope Sheriff Marshal".split())
# Titles written as capitals ("AG Barr" is the attorney general).
ACRONYM_TITLES = frozenset("AG DA".split())
# Titles written with a period.
ABBREVIATED_TITLES = frozenset(
    "Mr. Mrs. Ms. Dr. Prof. Sen. Rep. Gov. Gen. Col. Lt. Sgt. Capt. Rev. Maj. Adm. Pres.".split()
)


def is_title(word: str) -> bool:
    """Whether ``word`` is a title ("President", "Sen.", "secretary")."""
    return (
        word in ABBREVIATED_TITLES or word in ACRONYM_TITLES or word.lower().rstrip(".") in TITLES
    )


# The last word of an organisation's name, or a word inside it, that makes it one.
ORG_WORDS = frozenset(
    """Army Navy Air Force Forces Ministry Department Party Council Committee Commission
    Agency Administration Office Bureau Service Services Guard Corps Police Court Congress
    Senate House Parliament Assembly Cabinet Government Authority Board Union League Alliance
    Coalition Front Movement Brigade Brigades Battalion Militia Organisation Organization
    Association Federation Foundation Institute Institution Observatory Center Centre Fund
    Bank Group Network News Times Post Journal Herald Tribune Press Media Magazine Daily Radio
    Television TV Channel Broadcasting Company Corporation Corp Corp. Inc Inc. Ltd Ltd. LLC
    Co. Airlines University College School Academy Society Church Foundation Campaign PAC
    Holdings Partners Industries Enterprises Trust Embassy Consulate Schools Gazette
    Club Federal Reserve Watch Commission Council Caucus Tribunal Secretariat Reuters
    Bloomberg Pentagon Kremlin Enforcement Operations Patrol Initiative Project Brotherhood
    Register Hotel""".split()
)
# Well-known organisations a chunker cannot type from their words.
KNOWN_ORGS = frozenset(
    """ISIS ISIL Daesh Al Qaeda al-Qaeda al-Qaida Qaeda Hamas Hezbollah Hizbollah Taliban
    NATO UN EU FBI CIA NSA DHS DOJ EPA IRS IMF OPEC GOP DNC RNC NGO Pentagon Congress
    Kremlin Facebook Google Twitter Microsoft Apple Amazon Reuters Bloomberg CNN BBC NBC CBS
    ABC MSNBC NPR AP AFP RT Sputnik Fox Politifact Breitbart Wikileaks WikiLeaks
    Democrats Republicans Nusra ISIL Daesh DNC RNC""".split()
) | frozenset(
    ("Al Qaeda", "White House", "United Nations", "European Union", "Al Nusra", "Islamic State")
)
# Organisations known by several names -> the one name every article gives them, so that a
# corpus counts "EU" in one article and "European Union" in another as one actor. Only names
# that are not the initials of each other need to be here: an acronym the article spells out,
# or whose letters are the initials of a name it uses, merges without the table. Keys are
# written without periods ("U.N." is looked up as "UN").
_ORG_ALIASES: dict[str, tuple[str, ...]] = {
    "United Nations": ("UN",),
    "European Union": ("EU",),
    "Republican Party": ("GOP",),
    "Democratic National Committee": ("DNC",),
    "Republican National Committee": ("RNC",),
    "Islamic State": ("ISIS", "ISIL", "IS", "Daesh"),
    "Al Qaeda": ("al-Qaeda", "al-Qaida", "Al-Qaeda", "Al-Qaida", "Qaeda", "al Qaeda"),
    "Hezbollah": ("Hizbollah", "Hizballah"),
    "WikiLeaks": ("Wikileaks",),
    "Justice Department": ("Department of Justice", "DOJ"),
    "State Department": ("Department of State",),
    "Pentagon": ("Department of Defense", "Defense Department", "DOD", "DoD"),
    # Known by their acronyms: the full name, where an article spells it out, joins them.
    "FBI": ("Federal Bureau of Investigation",),
    "CIA": ("Central Intelligence Agency",),
    "NSA": ("National Security Agency",),
    "DHS": ("Department of Homeland Security", "Homeland Security Department"),
    "EPA": ("Environmental Protection Agency",),
    "IRS": ("Internal Revenue Service",),
    "NATO": ("North Atlantic Treaty Organization", "North Atlantic Treaty Organisation"),
    "CDC": ("Centers for Disease Control and Prevention", "Centers for Disease Control"),
}
ORG_EXPANSIONS = {
    alias: name for name, aliases in _ORG_ALIASES.items() for alias in (name, *aliases)
}
# An organisation's key (its name without periods, in lower case) -> its canonical name.
ORG_NAMES = {name.replace(".", "").lower(): name for name in _ORG_ALIASES}

# Nouns for groups the article names without a proper name. Plurals only where the singular
# is also an adjective ("rebel territory", "terrorist groups").
GROUP_NOUNS: dict[str, str] = {
    word: word
    for word in """rebels terrorists jihadists militants insurgents extremists islamists
    fighters protesters demonstrators rioters civilians troops soldiers forces militias
    separatists radicals activists refugees migrants immigrants voters liberals conservatives
    progressives leftists globalists elites police regime government opposition army military
    administration establishment media""".split()
}
GROUP_NOUNS.update({"militia": "militias"})
# Group nouns that name a collective in the singular ("the government"). Bare, with no
# determiner or possessive before them, they are no agent: "heads of state and government",
# "forms of government", "government troops", "proxy military campaigns".
COLLECTIVE_NOUNS = frozenset(
    "regime government opposition army military administration establishment media".split()
)
# Group nouns for a state's own agents: after a country's name or demonym they are that
# country acting ("American soldiers", "the Syrian government", "Russian troops").
STATE_NOUNS = frozenset(
    "regime government administration army military troops soldiers forces police".split()
)

# Capitalised words that open sentences or headlines without naming anything.
NOT_NAMES = frozenset(
    """A An The This That These Those There Here It Its It's I I'm I've We You He She They His
    Her Their Our My Your Me Us Them Him Who What When Where Why How Which Whose If Then Than
    But And Or Nor So Yet For As At By In On Of To From With Without Into Onto Over Under
    After Before Since Until While During Despite Although Though Because Unless Whether
    Between Among Against About Through Across Around Behind Beyond Within Upon Toward Towards
    Also Still Even Just Only Now Today Yesterday Tomorrow Recently Earlier Later Meanwhile
    However Moreover Furthermore Instead Indeed Perhaps Maybe Yes No Not Never Always Often
    Sometimes Some Many Most More Much Few All Every Each Any Both Either Neither Another Other
    Such One Two Three Four Five Six Seven Eight Nine Ten First Second Third Last Next
    According Asked Said Says Like Unlike Let Please Thank Thanks Well Oh Mr Mrs Ms
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept
    Oct Nov Dec God Lord Christmas Easter Internet Web OK Okay Anyone Anybody Everyone
    Everybody Someone Somebody Nobody Should Would Could Must Might Shall Buy Follow Click
    Subscribe Share Sign Join Download MPs MEPs MSPs""".split()
)
# Words of ORG_WORDS that alone name no body in particular ("the Department's", "on TV"):
# such a mention is the article's one body of that name ("the Justice Department"), or no one.
COMMON_BODIES = frozenset(
    """Department Ministry Committee Commission Agency Office Bureau Council Court Assembly
    Board Authority Institute Foundation Center Centre Fund Group Network Service TV Media
    Radio Magazine Television Channel Press News Watch Company Corporation Corp Corp. Inc Inc.
    Ltd Ltd. LLC Co. Federal PAC Party""".split()
)
# Single words in capitals that are no one's acronym: time zones ("10 a.m. EDT").
TIME_ZONES = frozenset(
    "EDT EST CDT CST MDT MST PDT PST AKST HST GMT BST CET CEST UTC ET PT".split()
)
# Words that head a section of a page in capitals ("ABSTRACT.", "UPDATE:"), no one's acronym.
SECTION_WORDS = frozenset(
    """abstract update updated watch breaking exclusive related advertisement opinion analysis
    video photo photos transcript editorial correction text full letters""".split()
)
PRONOUNS = frozenset(
    "i me my we us our you your he him his she her they them their it its who whom this that "
    "these those one someone somebody anyone everyone nobody".split()
)
