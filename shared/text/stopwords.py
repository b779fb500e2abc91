"""English, Bengali and Banglish words too common to help match a CV to a vacancy.

The lists are deliberately modest: pronouns, articles, conjunctions, postpositions,
classifiers and auxiliary verbs. Words that carry meaning in CVs and postings stay out, for
example "it" (information technology), কাজ / "kaj" ("work"), বছর / "bochor" ("years") and
অভিজ্ঞতা / "obhiggota" ("experience").

Banglish is Bengali written in Latin letters ("ami 2 bochor call center e kaj korechi"). Its
list leaves out spellings that are also English words or CV abbreviations a match may rely
on: "ba" ("or", but also B.A.), "ma" (M.A.), "age", "pore", "take", "tar", "ache", "jar".
"""

from shared.text.normalise import normalise_text

_ENGLISH = """
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each either etc
few for from further had has have having he her here hers herself him himself his how i
if in into is its itself just may me might mine more most must my myself neither no nor
not of off on once only onto or other our ours ourselves out over own per please same
shall she should so some such than that the their theirs them themselves then there these
they this those through to too under until up upon us very via was we were what when
where which while who whom whose why will with within without would you your yours
yourself yourselves
"""

_BENGALI = """
আমি আমার আমাকে আমরা আমাদের আমাদেরকে তুমি তোমার তোমাকে তোমরা তোমাদের আপনি আপনার আপনাকে
আপনারা আপনাদের সে তার তাকে তিনি তাঁর তাঁকে তারা তাদের তাদেরকে এটা এটি এটাই এই এ ওই ঐ ওটা
সেই সেটা সেটি যে যা যিনি যারা যার যাদের কে কি কী কোন কোনো কেউ কিছু এবং ও আর কিন্তু অথবা বা
কিংবা তবে যদি তাহলে তাই কারণ যেহেতু জন্য জন্যে থেকে হতে চেয়ে সাথে সঙ্গে দিয়ে দ্বারা নিয়ে
মধ্যে ভিতরে ভেতরে উপর ওপর কাছে পর পরে আগে প্রতি হিসেবে হিসাবে মতো মত পর্যন্ত এর না নয় নেই
হয় হয়ে হয়েছে হয়েছি হয়েছিল হবে ছিল ছিলাম ছিলেন আছে আছি আছেন থাকে থাকি করে করি করা করেছি
করেছে করেছেন করছি করছে করবে করব করবো করতে করেন পারি পারে পারেন পারবো পারব এখন তখন যখন
খুব অনেক সব সকল একটি একটা টি টা টির টার টো গুলো গুলি হলো হল হলে যেমন এসব এগুলো সেগুলো
করতাম করেছিলাম করছিলাম করলাম দেই দিই দিয়েছি দিয়েছে ধরে গত বর্তমানে এখনো এখনও প্রায় ইত্যাদি
"""

_BANGLISH = """
ami amar amake amra amader tumi tomar tomake tomra tomader apni apnar apnake apnara apnader
tini tader tara ei oi eta eti seta oita egulo shegulo ekta ekti eki
er ke te re theke jonno jonne sathe shathe songe diye niye dhore moddhe majhe upore kache
hishebe hisebe hisabe moto mto porjonto prai pray
ebong kintu othoba kingba tobe jodi tahole tai karon jehetu
na nai nei noy hoy hoye hoyeche hoyechi hoyechilo hobe holo hole chilo chilam chhilo chhilam
chilen achi achhe achhi ase asi achen thake thaki thakbe
kori kore korechi korchi korche korechilam kortam korlam korbo korbe korte koren korsi korsilam
pari pare parbo parbe parechi
ki kono konoo keu kichu khub onek sob shob sokol shokol
je ja jara jader ekhon tokhon jokhon ekhono
"""

ENGLISH_STOPWORDS: frozenset[str] = frozenset(normalise_text(w) for w in _ENGLISH.split())
BENGALI_STOPWORDS: frozenset[str] = frozenset(normalise_text(w) for w in _BENGALI.split())
BANGLISH_STOPWORDS: frozenset[str] = frozenset(normalise_text(w) for w in _BANGLISH.split())
STOPWORDS: frozenset[str] = ENGLISH_STOPWORDS | BENGALI_STOPWORDS | BANGLISH_STOPWORDS
"""All three lists together, every entry already in ``normalise_text`` form."""


def is_stopword(token: str) -> bool:
    """Return whether ``token`` is an English, Bengali or Banglish stopword.

    The token is normalised first, so any spelling ("The", precomposed "হয়") is
    recognised. Raises ``TypeError`` if ``token`` is not a str.
    """
    return normalise_text(token) in STOPWORDS
