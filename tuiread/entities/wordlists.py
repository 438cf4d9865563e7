"""Small hand-kept word lists the extractor reasons with (all lower-case).

The large tables (common words, first names, surnames, places) are in ``data/lexicon.tsv.gz``;
these lists hold the closed classes that decide span edges and kinds.
"""

from __future__ import annotations

# Words that come before a person's name and are not part of it ("U.S. President Donald Trump").
PERSON_TITLES = frozenset(
    """
mr mrs ms miss mx dr prof sir dame lord lady madam mister
president vice prime minister premier chancellor secretary deputy chief foreign defence defense
finance interior justice trade economy economic health energy home state senior junior
general gen lieutenant lt colonel col major maj captain capt commander cmdr admiral adm
sergeant sgt corporal cpl marshal brigadier field
senator sen representative rep congressman congresswoman governor gov mayor ambassador envoy
spokesman spokeswoman spokesperson chairman chairwoman chair ceo cfo director
king queen prince princess emperor empress sultan emir sheikh shah crown
pope cardinal archbishop bishop rev reverend father pastor rabbi imam ayatollah
judge justice attorney counsel inspector detective officer agent
coach manager striker midfielder defender goalkeeper captain skipper batsman bowler
candidate nominee leader speaker whip democrat republican
press executive managing assistant special adviser advisor
secretary-general under-secretary undersecretary director-general
""".split()
)

# Titles that on their own say the name after them is a person.
STRONG_PERSON_TITLES = frozenset(
    """
mr mrs ms miss dr prof sir dame president chancellor senator sen governor gov mayor
king queen prince princess pope cardinal archbishop bishop rev ayatollah sheikh emir sultan
general gen colonel col lieutenant lt captain capt sergeant sgt coach judge
""".split()
)

# Abbreviations written with a dot that does not end a sentence.
ABBREVIATIONS = frozenset(
    """
mr mrs ms dr prof st jr sr gen col lt sgt capt cmdr adm gov sen rep rev messrs
inc corp co ltd bros dept univ assn mt ft no nos vs jan feb mar apr jun jul aug sep sept oct
nov dec
""".split()
)

# Lower-case particles inside names ("Ursula von der Leyen", "Luiz Inacio Lula da Silva").
NAME_PARTICLES = frozenset(
    "von van der den de del della di da dos das du le la bin ibn al el ter y".split()
)

# The last word of a span that makes it an organisation.
ORG_SUFFIXES = frozenset(
    """
inc corp corporation co company ltd plc llc llp sa ag nv gmbh spa bv ab asa oy
group holdings holding partners bank bancorp banking trust fund funds capital securities
investments insurance assurance motors airlines airline airways systems technologies
technology communications telecom telecommunications networks network media entertainment
pictures studios records industries international enterprises petroleum energy oil gas
mining resources pharmaceuticals foods brewery railways railway exchange
party union council committee commission association federation confederation
organisation organization institute institution university college school academy
ministry department agency authority administration bureau office service services
board parliament assembly congress senate cabinet government court tribunal
army navy police command force forces front movement alliance coalition league club society
foundation church mission hospital museum orchestra band
times post news journal herald tribune telegraph gazette chronicle guardian observer
mail express standard globe press radio television tv broadcasting channel magazine
reuters agencies
united city rovers wanderers athletic albion county hotspur
""".split()
)

# First words that make the span an organisation when "of" follows ("Bank of England").
ORG_OF_HEADS = frozenset(
    """
bank university ministry department board council college institute school academy
federation union association organisation organization league church court office bureau
commission committee society house chamber
""".split()
)

# First words that make "X of Y" a place ("Gulf of Mexico", "Republic of Ireland").
PLACE_OF_HEADS = frozenset(
    """
gulf bay sea isle isles island islands strait straits cape city republic kingdom state
province county district region principality sultanate emirate duchy lake mount port
""".split()
)

# Last words that make the span a place.
PLACE_SUFFIXES = frozenset(
    """
river lake mountain mountains mount hills hill island islands isles sea ocean gulf bay
valley province county state region district peninsula desert strait canal coast basin
plateau street avenue road square bridge airport heights park harbour harbor city town
village falls beach delta forest
""".split()
)

# First words that make the span a place ("Lake Victoria", "Mount Everest").
PLACE_PREFIXES = frozenset("lake mount mt port fort ft cape gulf north south east west".split())

# Capitalised words that are not names in news text.
NOT_NAMES = frozenset(
    """
i monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
mr mrs ms dr am pm
tv pc pcs dvd dvds cd cds gdp mp mps ceo sms pdf www ok mp3 ipo vat
""".split()
)

# Months and days that are ambiguous with names ("May", "March") are names only with evidence.
AMBIGUOUS_CALENDAR = frozenset("may march august".split())

# Capitalised sentence openers that are never names even when the lexicon does not know them.
OPENERS = frozenset(
    """
the a an this that these those there here it its he she they we you his her their our my your
but and or so yet for nor if when while after before as at in on of by to from with without
about above below under over between among during since until unless although though because
despite however meanwhile moreover also then thus still now today yesterday tomorrow tonight
what which who whom whose where why how all some many most much more less few several each
every both either neither no not one two three four five six seven eight nine ten first second
last next other such only just even please yes oh hi hello dear
""".split()
)

# Last words of names of events, awards, documents and the like: names of no clear kind.
OTHER_SUFFIXES = frozenset(
    """
day cup open games olympics championship championships classic masters trophy award awards prize
tournament series war wars act treaty accord accords agreement declaration convention plan
doctrine summit conference festival prix grand index
""".split()
)

# Verbs of saying next to a lone name make it a person (or an organisation speaking).
SPEECH_VERBS = frozenset(
    """
said says told tells added asked wrote writes argued insisted claimed stated spoke speaks
""".split()
)

# Words that mark a sports report; where enough of them occur, a town acting as a side is a team.
SPORTS_WORDS = frozenset(
    """
soccer football cricket tennis golf rugby basketball baseball hockey cycling athletics boxing
match matches goal goals scored scorer innings wickets wicket halftime half-time league
championship tournament season coach striker midfielder defender goalkeeper batsman bowler
beat drew draw victory defeat seeded seed semifinal semi-final quarter-final quarterfinal final
fixture fixtures standings division points penalty penalties replay club clubs squad
""".split()
)

# Words that mark a business report; there a lone unknown name that speaks is a company.
BUSINESS_WORDS = frozenset(
    """
shares share stock stocks profit profits revenue revenues company companies firm firms percent
market markets investors earnings dividend tonnes sales quarter analyst analysts trading bonds
prices price inflation economy bank banks billion million output net pretax pre-tax loss
takeover merger acquisition subsidiary group unit stake exports imports
""".split()
)

# Nationalities, languages and other adjectives of place: names, but of no clear kind.
DEMONYMS = frozenset(
    """
afghan albanian algerian american andorran angolan argentine argentinian armenian australian
austrian azerbaijani azeri bahraini bangladeshi belarusian belarussian belgian bolivian bosnian
brazilian british briton bulgarian burmese burundian cambodian cameroonian canadian chadian
chechen chilean chinese colombian congolese croatian cuban cypriot czech danish dutch
ecuadorean ecuadorian egyptian emirati english eritrean estonian ethiopian european filipino
finnish flemish french georgian german ghanaian greek guatemalan guinean haitian honduran
hungarian icelandic indian indonesian iranian iraqi irish israeli italian ivorian jamaican
japanese jordanian kazakh kenyan korean kosovan kosovar kurdish kuwaiti kyrgyz laotian latvian
lebanese liberian libyan lithuanian luxembourg macedonian malagasy malawian malaysian maldivian
malian maltese mauritanian mexican moldovan monegasque mongolian montenegrin moroccan
mozambican namibian nepalese nepali nigerian nigerien norwegian omani pakistani palestinian
panamanian paraguayan persian peruvian polish portuguese qatari romanian russian rwandan saudi
scottish senegalese serb serbian sierra singaporean slovak slovakian slovenian somali
sudanese surinamese swazi swedish swiss syrian taiwanese tajik tanzanian thai tibetan togolese
tunisian turkish turkmen ugandan ukrainian uruguayan uzbek venezuelan vietnamese welsh yemeni
yugoslav zambian zimbabwean
arab arabic hebrew latin slavic nordic scandinavian baltic balkan asian african western eastern
sunni shia shiite islamic muslim christian catholic protestant orthodox jewish hindu buddhist
sikh anglican soviet communist socialist
americans britons europeans africans asians arabs muslims christians jews israelis palestinians
russians ukrainians germans chinese serbs croats kurds iranians iraqis syrians afghans
""".split()
)

# Holidays, prizes and other names that are neither people, places nor organisations.
OTHER_NAMES = frozenset(
    """
christmas easter ramadan eid hanukkah diwali thanksgiving halloween passover lent
olympic olympics paralympic paralympics oscar oscars grammy grammys emmy emmys bafta baftas
internet web
""".split()
)

# Words that alone make a name of no clear kind.
OTHER_WORDS = DEMONYMS | OTHER_NAMES

# Function words a title-case headline leaves in lower case; they do not count against it.
HEADLINE_SMALL_WORDS = frozenset(
    "a an the of in on at to for and or but nor by with from as vs via up".split()
)
