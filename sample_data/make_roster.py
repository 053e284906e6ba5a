"""Make sample_data/roster.xlsx: a hand-kept roster of the 70 NGOs working in Dinajpur district.

The workbook imitates the Excel list that the NGO affairs cell of the Deputy Commissioner's office,
Dinajpur keeps by hand ("দিনাজপুর জেলায় কর্মরত এনজিওসমূহের তালিকা", updated 31 December 2020):
one sheet "তালিকা" with a merged title, a merged "হালনাগাদ" line, a blank row, a Bangla header in
row 4 and 70 data rows from row 5, with the untidiness of a real office list (Bengali and Latin
digits, "মোঃ"/"মো:" honorifics, "সদর" for "দিনাজপুর সদর", "ফুলবাড়ি" for "ফুলবাড়ী", "১৯৯৬ সাল থেকে"
for a year, NGO Affairs Bureau numbers written "১৯৬৩/২৩.০৯.০৪", ...).

The count of 70 and three of the names (মহিলা বহুমুখী শিক্ষা কেন্দ্র (এমবিএসকে), কাম-টু-ওয়ার্ক
(সিটিডাব্লিউ), ঢাকা আহছানিয়া মিশন) come from the real minutes of the district NGO coordination
meeting of February 2021. The other names are national NGOs known to work in the northern districts
and invented local ones. Every person, mobile number, e-mail address and registration number is
invented: do not contact anybody from this file.

The output is deterministic (random.Random(2021)); rerun with

    python sample_data/make_roster.py [OUTPUT.xlsx]

which overwrites sample_data/roster.xlsx unless another path is given. Only openpyxl is needed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

OUT = Path(__file__).resolve().with_name("roster.xlsx")
SEED = 2021

SHEET = "তালিকা"
TITLE = "দিনাজপুর জেলায় কর্মরত এনজিওসমূহের তালিকা"
UPDATED = "হালনাগাদ: ৩১ ডিসেম্বর, ২০২০"
HEADERS = [
    "ক্রমিক নং",
    "সংস্থার নাম",
    "Name of NGO",
    "প্রধান নির্বাহীর নাম",
    "পদবি",
    "মোবাইল নম্বর",
    "ই-মেইল",
    "ঠিকানা",
    "কর্ম এলাকা (উপজেলা)",
    "কার্যক্রমের ধরন",
    "জেলায় কাজের শুরু (সাল)",
    "এনজিও বিষয়ক ব্যুরো নিবন্ধন নং/তারিখ",
    "সমাজসেবা নিবন্ধন নং",
    "অন্যান্য নিবন্ধন",
    "মন্তব্য",
]
WIDTHS = [8, 40, 44, 30, 22, 17, 32, 36, 36, 36, 14, 22, 16, 34, 34]
WRAPPED = {2, 3, 4, 5, 8, 9, 10, 14, 15}  # 1-based columns whose data cells wrap

BN_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")

# The 13 upazilas of Dinajpur (gazetteer spelling) and rough neighbours, for plausible work areas.
UPAZILAS = [
    "দিনাজপুর সদর",
    "বিরল",
    "বিরামপুর",
    "বীরগঞ্জ",
    "বোচাগঞ্জ",
    "চিরিরবন্দর",
    "ফুলবাড়ী",
    "ঘোড়াঘাট",
    "হাকিমপুর",
    "কাহারোল",
    "খানসামা",
    "নবাবগঞ্জ",
    "পার্বতীপুর",
]
SADAR, BIRAL, BIRAMPUR, BIRGANJ, BOCHAGANJ, CHIRIRBANDAR, FULBARI = UPAZILAS[:7]
GHORAGHAT, HAKIMPUR, KAHAROL, KHANSAMA, NAWABGANJ, PARBATIPUR = UPAZILAS[7:]
ALL = "সকল উপজেলা"
CLERK_SPELLINGS = {SADAR: "সদর", FULBARI: "ফুলবাড়ি"}  # how clerks often write them
NEIGHBOURS = {
    SADAR: [BIRAL, CHIRIRBANDAR, KAHAROL, KHANSAMA, FULBARI],
    BIRAL: [SADAR, BOCHAGANJ, KAHAROL],
    BIRAMPUR: [FULBARI, NAWABGANJ, HAKIMPUR],
    BIRGANJ: [KAHAROL, KHANSAMA, BOCHAGANJ],
    BOCHAGANJ: [BIRAL, KAHAROL, BIRGANJ],
    CHIRIRBANDAR: [SADAR, KHANSAMA, PARBATIPUR, FULBARI],
    FULBARI: [PARBATIPUR, BIRAMPUR, NAWABGANJ, CHIRIRBANDAR, SADAR],
    GHORAGHAT: [NAWABGANJ, HAKIMPUR, BIRAMPUR],
    HAKIMPUR: [BIRAMPUR, NAWABGANJ, GHORAGHAT],
    KAHAROL: [BIRGANJ, BOCHAGANJ, SADAR, KHANSAMA],
    KHANSAMA: [BIRGANJ, CHIRIRBANDAR, KAHAROL, SADAR],
    NAWABGANJ: [BIRAMPUR, GHORAGHAT, HAKIMPUR, FULBARI, PARBATIPUR],
    PARBATIPUR: [CHIRIRBANDAR, FULBARI, NAWABGANJ],
}

# Mobile operator prefixes (Grameenphone 017/013, Banglalink 019/014, Robi 018, Airtel 016,
# Teletalk 015), weighted roughly by market share.
OPERATORS = ["017"] * 6 + ["013"] * 2 + ["019"] * 3 + ["014"] + ["018"] * 3 + ["016"] * 2 + ["015"]

SECTORS = [
    "ক্ষুদ্রঋণ",
    "শিক্ষা",
    "স্বাস্থ্য",
    "পানি ও স্যানিটেশন",
    "নারী উন্নয়ন",
    "শিশু অধিকার",
    "কৃষি",
    "দুর্যোগ ব্যবস্থাপনা",
    "মানবাধিকার",
    "প্রতিবন্ধী উন্নয়ন",
]

TOWN_MOHALLAS = [
    "বালুবাড়ী",
    "মুন্সিপাড়া",
    "পাটুয়াপাড়া",
    "ঘাসিপাড়া",
    "নিমনগর",
    "সুইহারী",
    "মিশন রোড",
    "উপশহর",
    "গণেশতলা",
    "কালিতলা",
    "বাহাদুর বাজার",
    "রামনগর",
    "লালবাগ",
    "পুলহাট",
    "ফকিরপাড়া",
    "শেখপুরা",
    "মালদহপট্টি",
    "চাউলিয়াপট্টি",
]
UPAZILA_ADDRESS = {
    BIRAL: ["বিরল, দিনাজপুর", "স্টেশন রোড, বিরল, দিনাজপুর"],
    BIRAMPUR: ["বিরামপুর, দিনাজপুর", "কলেজ রোড, বিরামপুর, দিনাজপুর"],
    BIRGANJ: ["বীরগঞ্জ, দিনাজপুর", "থানা রোড, বীরগঞ্জ, দিনাজপুর"],
    BOCHAGANJ: ["সেতাবগঞ্জ, বোচাগঞ্জ, দিনাজপুর"],
    CHIRIRBANDAR: ["রানীরবন্দর, চিরিরবন্দর, দিনাজপুর", "চিরিরবন্দর, দিনাজপুর"],
    FULBARI: ["ফুলবাড়ী, দিনাজপুর", "থানা রোড, ফুলবাড়ী, দিনাজপুর"],
    GHORAGHAT: ["ঘোড়াঘাট, দিনাজপুর", "রাণীগঞ্জ বাজার, ঘোড়াঘাট, দিনাজপুর"],
    HAKIMPUR: ["হিলি, হাকিমপুর, দিনাজপুর"],
    KAHAROL: ["কাহারোল, দিনাজপুর", "দশমাইল, কাহারোল, দিনাজপুর"],
    KHANSAMA: ["খানসামা, দিনাজপুর", "পাকেরহাট, খানসামা, দিনাজপুর"],
    NAWABGANJ: ["নবাবগঞ্জ, দিনাজপুর", "দাউদপুর, নবাবগঞ্জ, দিনাজপুর"],
    PARBATIPUR: ["পার্বতীপুর, দিনাজপুর", "রেলওয়ে কলোনী, পার্বতীপুর, দিনাজপুর"],
}

DESIGNATIONS = {
    "mfi": ["জোনাল ম্যানেজার", "এরিয়া ম্যানেজার", "রিজিওনাল ম্যানেজার", "জেলা ব্যবস্থাপক"],
    "nat": ["প্রোগ্রাম ম্যানেজার", "প্রজেক্ট কো-অর্ডিনেটর", "জেলা সমন্বয়কারী", "আঞ্চলিক ব্যবস্থাপক"],
    "ingo": ["প্রোগ্রাম ম্যানেজার", "এরিয়া প্রোগ্রাম ম্যানেজার", "প্রজেক্ট ম্যানেজার"],
    "local": ["নির্বাহী পরিচালক"] * 5 + ["প্রধান নির্বাহী", "পরিচালক"],
}

MALE = [
    "রফিকুল ইসলাম",
    "শহিদুল ইসলাম",
    "আনোয়ার হোসেন",
    "মাহবুবুর রহমান",
    "আশরাফুল আলম",
    "জাহাঙ্গীর আলম",
    "নূরুল আমিন",
    "আতাউর রহমান",
    "মিজানুর রহমান",
    "আবু বকর সিদ্দিক",
    "রেজাউল করিম",
    "হাবিবুর রহমান",
    "সাইফুল ইসলাম",
    "মোস্তাফিজুর রহমান",
    "খায়রুল আনাম",
    "গোলাম মোস্তফা",
    "আমিনুল হক",
    "শফিকুল ইসলাম",
    "মনিরুজ্জামান",
    "তোফাজ্জল হোসেন",
    "আজিজুল হক",
    "এনামুল হক",
    "ফজলুল হক",
    "কামরুজ্জামান",
    "আসাদুজ্জামান",
    "মাসুদ রানা",
    "ওবায়দুর রহমান",
    "আব্দুল মান্নান",
    "আব্দুল লতিফ",
    "সিরাজুল ইসলাম",
    "আলমগীর কবির",
    "আবুল কালাম আজাদ",
    "মশিউর রহমান",
    "হারুন-অর-রশিদ",
    "নজরুল ইসলাম",
    "আবু সাঈদ",
    "ইমদাদুল হক",
    "মোজাম্মেল হক",
    "শামসুল আলম",
    "দেলোয়ার হোসেন",
    "আব্দুর রাজ্জাক",
    "মতিউর রহমান",
    "আব্দুল জলিল",
    "আনিসুর রহমান",
    "শাহজাহান আলী",
    "আব্দুস সালাম",
]
FEMALE = [
    "নাসরিন সুলতানা",
    "রোকেয়া খাতুন",
    "শাহনাজ পারভীন",
    "মাহমুদা আক্তার",
    "সেলিনা খাতুন",
    "কামরুন নাহার",
    "রাশিদা পারভীন",
    "আয়েশা সিদ্দিকা",
    "হোসনে আরা",
    "জেসমিন আক্তার",
    "সুরাইয়া ইয়াসমিন",
    "ফেরদৌসী রহমান",
    "রওশন আরা",
    "তাহমিনা খাতুন",
    "শিরিন আক্তার",
]
HINDU_MALE = [
    "প্রদীপ কুমার রায়",
    "সুব্রত কুমার সরকার",
    "বিপ্লব চন্দ্র রায়",
    "নির্মল চন্দ্র বর্মন",
    "দীপক কুমার দাস",
    "অনিল চন্দ্র মহন্ত",
    "গৌতম কুমার সাহা",
    "তপন কুমার ঘোষ",
]
HINDU_FEMALE = ["সুমিত্রা রানী রায়", "অর্চনা রানী দাস", "শিপ্রা সরকার"]
CHRISTIAN = [  # Christian and Santal names, for church-related and Adivasi organisations
    "সুবল রোজারিও",
    "অগাস্টিন গমেজ",
    "বার্নার্ড সরেন",
    "মার্কুস মুর্মু",
    "যোসেফ হেমব্রম",
    "রবার্ট টুডু",
    "পল কিস্কু",
]


@dataclass(frozen=True)
class Ngo:
    bn: str
    en: str
    kind: str  # "mfi" (large microfinance NGO), "nat" (national), "ingo", "local"
    home: str  # an upazila of UPAZILAS, or ALL
    since: int  # year the NGO started working in Dinajpur
    sectors: tuple[str, ...]
    slug: str  # ASCII handle for the invented e-mail address
    founded: int = 0  # national NGOs and INGOs: rough founding year in Bangladesh
    areas: int = 0  # number of upazilas (0: chosen at random)
    ss: str = ""  # Social Services registration prefix ("দিনা", "বগুড়া", ...), "" for none
    mra: bool = False
    rjsc: bool = False
    head: str = ""  # fixed head of NGO (else invented)
    title: str = ""  # fixed designation (else by kind)
    pool: str = ""  # "f" female, "c" Christian/Adivasi, "" mixed
    address: str = ""
    note: str = ""


MICRO, EDU, HEALTH, WASH, WOMEN, CHILD, AGRI, DRR, RIGHTS, DISAB = SECTORS

# fmt: off
NGOS: list[Ngo] = [
    Ngo("ব্র্যাক", "BRAC", "mfi", ALL, 1978, (MICRO, EDU, HEALTH), "brac", founded=1972, mra=True,
        title="জেলা প্রতিনিধি"),
    Ngo("আরডিআরএস বাংলাদেশ", "RDRS Bangladesh", "nat", ALL, 1972, (AGRI, DRR, MICRO), "rdrs",
        founded=1972, mra=True, title="জেলা সমন্বয়কারী"),
    Ngo("কারিতাস দিনাজপুর অঞ্চল", "Caritas Bangladesh, Dinajpur Region", "nat", SADAR, 1972,
        (EDU, HEALTH, DRR), "caritas", founded=1967, areas=5, pool="c", title="আঞ্চলিক পরিচালক",
        address="মিশন রোড, দিনাজপুর"),
    Ngo("সিসিডিবি", "Christian Commission for Development in Bangladesh (CCDB)", "nat", BIRAL,
        1975, (AGRI, WOMEN), "ccdb", founded=1973, pool="c"),
    Ngo("ল্যাম্ব", "Lutheran Aid to Medicine in Bangladesh (LAMB)", "nat", PARBATIPUR, 1976,
        (HEALTH, DISAB, CHILD), "lamb", founded=1976, areas=4, pool="c",
        address="রাজাবাসর, পার্বতীপুর, দিনাজপুর"),
    Ngo("বাংলাদেশ পরিবার পরিকল্পনা সমিতি", "Family Planning Association of Bangladesh (FPAB)",
        "nat", SADAR, 1979, (HEALTH, WOMEN), "fpab", founded=1953, areas=2),
    Ngo("প্রশিকা মানবিক উন্নয়ন কেন্দ্র", "PROSHIKA: A Centre for Human Development", "nat",
        CHIRIRBANDAR, 1983, (MICRO, AGRI), "proshika", founded=1976),
    Ngo("কমিউনিটি ডেভেলপমেন্ট এসোসিয়েশন (সিডিএ)", "Community Development Association (CDA)",
        "local", SADAR, 1985, (RIGHTS, AGRI, WOMEN), "cda", areas=5, ss="দিনা", rjsc=True,
        address="বালুবাড়ী, দিনাজপুর"),
    Ngo("ওয়ার্ল্ড ভিশন বাংলাদেশ", "World Vision Bangladesh", "ingo", BIRGANJ, 1987,
        (CHILD, EDU, HEALTH), "wvb", founded=1972, areas=3),
    Ngo("পল্লী শ্রী", "Polli Sree", "local", SADAR, 1989, (WOMEN, RIGHTS), "pollisree", areas=4,
        ss="দিনা", pool="f"),
    Ngo("ঢাকা আহছানিয়া মিশন", "Dhaka Ahsania Mission (DAM)", "nat", SADAR, 2008, (EDU, HEALTH),
        "dam", founded=1958, areas=1, address="বাড়ি-১৯, সড়ক-১২ (নতুন), ধানমন্ডি, ঢাকা-১২০৯",
        note="নিয়মিত মাসিক প্রতিবেদন দাখিল করে না"),
    Ngo("আশা", "ASA", "mfi", ALL, 1992, (MICRO,), "asa", founded=1978, mra=True),
    Ngo("টিএমএসএস", "Thengamara Mohila Sabuj Sangha (TMSS)", "mfi", SADAR, 1993,
        (MICRO, HEALTH, WOMEN), "tmss", founded=1980, areas=5, ss="বগুড়া", mra=True),
    Ngo("ইএসডিও", "Eco-Social Development Organization (ESDO)", "mfi", BIRGANJ, 1995,
        (MICRO, EDU, CHILD), "esdo", founded=1988, areas=4, ss="ঠাকুর", mra=True),
    Ngo("ব্যুরো বাংলাদেশ", "BURO Bangladesh", "mfi", FULBARI, 1996, (MICRO,), "buro",
        founded=1990, areas=5, mra=True),
    Ngo("গ্রাম বিকাশ কেন্দ্র", "Gram Bikash Kendra (GBK)", "local", PARBATIPUR, 1988,
        (MICRO, AGRI, EDU), "gbk", areas=4, ss="দিনা", mra=True),
    Ngo("মহিলা বহুমুখী শিক্ষা কেন্দ্র (এমবিএসকে)", "Mohila Bohumukhi Shikkha Kendro (MBSK)",
        "local", SADAR, 1986, (EDU, WOMEN, MICRO), "mbsk", areas=3, ss="দিনা",
        head="মোঃ আব্দুল হাকীম মিয়া", title="প্রজেক্ট কো-অর্ডিনেটর",
        address="মুন্সিপাড়া, দিনাজপুর"),
    Ngo("গণ উন্নয়ন কেন্দ্র", "Gana Unnayan Kendra (GUK)", "nat", GHORAGHAT, 2001,
        (DRR, AGRI, MICRO), "guk", founded=1993, areas=2, ss="গাই"),
    Ngo("কাম-টু-ওয়ার্ক (সিটিডাব্লিউ)", "Come to Work (CTW)", "local", PARBATIPUR, 1994,
        (EDU, WOMEN, AGRI), "ctw", areas=2, ss="দিনা", address="পার্বতীপুর, দিনাজপুর"),
    Ngo("বাংলাদেশ লিগ্যাল এইড অ্যান্ড সার্ভিসেস ট্রাস্ট (ব্লাস্ট)",
        "Bangladesh Legal Aid and Services Trust (BLAST)", "nat", SADAR, 2006, (RIGHTS, WOMEN),
        "blast", founded=1993, areas=1),
    Ngo("এনজিও ফোরাম ফর পাবলিক হেলথ", "NGO Forum for Public Health", "nat", KHANSAMA, 1998,
        (WASH, HEALTH), "ngof", founded=1982),
    Ngo("উদ্দীপন", "UDDIPAN", "mfi", NAWABGANJ, 2003, (MICRO, AGRI), "uddipan",
        founded=1984, mra=True),
    Ngo("শক্তি ফাউন্ডেশন", "Shakti Foundation for Disadvantaged Women", "mfi", SADAR, 2005,
        (MICRO, WOMEN), "shakti", founded=1992, areas=2, mra=True, pool="f"),
    Ngo("জাগরণী চক্র ফাউন্ডেশন", "Jagorani Chakra Foundation (JCF)", "mfi", BIRAMPUR, 2004,
        (MICRO, EDU), "jcf", founded=1975, ss="যশোর", mra=True),
    Ngo("এসকেএস ফাউন্ডেশন", "SKS Foundation", "mfi", GHORAGHAT, 2006, (MICRO, WASH), "sks",
        founded=1987, areas=3, ss="গাই", mra=True),
    Ngo("পদক্ষেপ মানবিক উন্নয়ন কেন্দ্র", "Padakhep Manabik Unnayan Kendra", "mfi", HAKIMPUR,
        2002, (MICRO,), "padakhep", founded=1986),
    Ngo("সাজেদা ফাউন্ডেশন", "SAJIDA Foundation", "mfi", PARBATIPUR, 2014, (MICRO, HEALTH),
        "sajida", founded=1993, areas=2),
    Ngo("ওয়েভ ফাউন্ডেশন", "WAVE Foundation", "mfi", CHIRIRBANDAR, 2009, (MICRO, AGRI), "wave",
        founded=1990),
    Ngo("দুঃস্থ স্বাস্থ্য কেন্দ্র (ডিএসকে)", "Dushtha Shasthya Kendra (DSK)", "mfi", BOCHAGANJ,
        2007, (MICRO, WASH, HEALTH), "dsk", founded=1988, mra=True),
    Ngo("পিপলস্ ওরিয়েন্টেড প্রোগ্রাম ইমপ্লিমেন্টেশন (পপি)",
        "People's Oriented Program Implementation (POPI)", "mfi", KHANSAMA, 2008, (MICRO, DRR),
        "popi", founded=1986),
    Ngo("রিসোর্স ইন্টিগ্রেশন সেন্টার (রিক)", "Resource Integration Centre (RIC)", "mfi", KAHAROL,
        2010, (MICRO, AGRI), "ric", founded=1981),
    Ngo("প্ল্যান ইন্টারন্যাশনাল বাংলাদেশ", "Plan International Bangladesh", "ingo", BIRGANJ,
        1994, (CHILD, EDU, HEALTH), "plan", founded=1994, areas=4),
    Ngo("অ্যাকশনএইড বাংলাদেশ", "ActionAid Bangladesh", "ingo", NAWABGANJ, 1997, (WOMEN, RIGHTS),
        "actionaid", founded=1983),
    Ngo("কেয়ার বাংলাদেশ", "CARE Bangladesh", "ingo", FULBARI, 1999, (AGRI, HEALTH), "care",
        founded=1971),
    Ngo("সেভ দ্য চিলড্রেন ইন্টারন্যাশনাল", "Save the Children International", "ingo", SADAR,
        2012, (CHILD, EDU), "stc", founded=1970, areas=2,
        note="প্রকল্পভিত্তিক কার্যক্রম, মেয়াদ জুন/২০২১ পর্যন্ত"),
    Ngo("দি হাঙ্গার প্রজেক্ট", "The Hunger Project (THP)", "ingo", BIRAMPUR, 2005,
        (WOMEN, RIGHTS), "thp", founded=1991),
    Ngo("ইসলামিক রিলিফ বাংলাদেশ", "Islamic Relief Bangladesh", "ingo", CHIRIRBANDAR, 2011,
        (DRR, CHILD), "irb", founded=1991),
    Ngo("হেক্স/ইপার বাংলাদেশ", "HEKS/EPER Bangladesh", "ingo", NAWABGANJ, 2009, (RIGHTS, AGRI),
        "heks", founded=1972, pool="c"),
    Ngo("দি লেপ্রসি মিশন ইন্টারন্যাশনাল বাংলাদেশ",
        "The Leprosy Mission International Bangladesh (TLMI-B)", "ingo", PARBATIPUR, 1998,
        (HEALTH, DISAB), "tlmib", founded=1991, pool="c"),
    Ngo("এডিডি ইন্টারন্যাশনাল", "ADD International", "ingo", SADAR, 2016, (DISAB, RIGHTS), "add",
        founded=2008, areas=2, note="নতুন অন্তর্ভুক্ত (২০১৬)"),
    Ngo("পল্লী উন্নয়ন সংস্থা, বিরল", "Palli Unnayan Sangstha, Biral", "local", BIRAL, 1991,
        (MICRO, WOMEN), "pus.biral", ss="দিনা"),
    Ngo("সেতু বন্ধন সমাজ কল্যাণ সংস্থা", "Setu Bandhan Samaj Kalyan Sangstha", "local", KAHAROL,
        2003, (CHILD, EDU), "setubandhan", ss="দিনা"),
    Ngo("আলোর দিশারী মহিলা উন্নয়ন সংস্থা", "Alor Dishari Mohila Unnayan Sangstha (ADMUS)",
        "local", SADAR, 2001, (WOMEN, MICRO), "admus", ss="দিনা", pool="f",
        note="অফিস স্থানান্তরিত (পূর্বে গণেশতলা)"),
    Ngo("ফুলবাড়ী নারী কল্যাণ সমিতি", "Fulbari Nari Kalyan Samity", "local", FULBARI, 1997,
        (WOMEN, HEALTH), "fnks", ss="দিনা", pool="f", title="সাধারণ সম্পাদক"),
    Ngo("নবাবগঞ্জ আদিবাসী উন্নয়ন সংস্থা", "Nawabganj Adivasi Unnayan Sangstha (NAUS)", "local",
        NAWABGANJ, 2000, (RIGHTS, EDU), "naus", ss="দিনা", pool="c"),
    Ngo("ঘোড়াঘাট পল্লী উন্নয়ন কেন্দ্র", "Ghoraghat Palli Unnayan Kendra", "local", GHORAGHAT,
        1999, (AGRI, MICRO), "gpuk", ss="দিনা"),
    Ngo("নবজাগরণ মানব কল্যাণ সংস্থা", "Nabajagaran Manab Kalyan Sangstha", "local", KHANSAMA,
        2006, (HEALTH, CHILD), "nabajagaran"),
    Ngo("আত্মবিশ্বাস উন্নয়ন সংস্থা", "Attobishwas Unnayan Sangstha", "local", BIRGANJ, 2008,
        (DISAB, EDU), "attobishwas", ss="দিনা"),
    Ngo("বিরামপুর সমাজ উন্নয়ন সংস্থা", "Birampur Samaj Unnayan Sangstha (BSUS)", "local",
        BIRAMPUR, 1993, (MICRO, WASH), "bsus", ss="দিনা"),
    Ngo("হিলি যুব উন্নয়ন সংস্থা", "Hili Jubo Unnayan Sangstha", "local", HAKIMPUR, 2004,
        (EDU, AGRI), "hilijubo", ss="দিনা"),
    Ngo("কাহারোল প্রতিবন্ধী কল্যাণ সংস্থা", "Kaharol Protibondhi Kalyan Sangstha", "local",
        KAHAROL, 2010, (DISAB, HEALTH), "kpks", ss="দিনা"),
    Ngo("খানসামা পল্লী বিকাশ সংস্থা", "Khansama Palli Bikash Sangstha", "local", KHANSAMA, 2002,
        (MICRO, AGRI), "kpbs", ss="দিনা"),
    Ngo("বোচাগঞ্জ নারী উন্নয়ন কেন্দ্র", "Bochaganj Nari Unnayan Kendra", "local", BOCHAGANJ,
        2005, (WOMEN, RIGHTS), "bnuk", ss="দিনা", pool="f"),
    Ngo("চিরিরবন্দর দুস্থ মানবতার সেবা সংস্থা", "Chirirbandar Dustha Manobatar Seba Sangstha",
        "local", CHIRIRBANDAR, 2007, (HEALTH, DRR), "cdmss"),
    Ngo("বীরগঞ্জ শিশু কল্যাণ পরিষদ", "Birganj Shishu Kalyan Parishad", "local", BIRGANJ, 1998,
        (CHILD, EDU), "bskp", ss="দিনা", title="সাধারণ সম্পাদক"),
    Ngo("পুনর্ভবা উন্নয়ন সংস্থা", "Punarbhaba Unnayan Sangstha", "local", SADAR, 1996,
        (WASH, AGRI), "punarbhaba", ss="দিনা"),
    Ngo("আত্রাই পল্লী উন্নয়ন সংস্থা", "Atrai Palli Unnayan Sangstha (APUS)", "local",
        CHIRIRBANDAR, 1995, (MICRO, DRR), "apus", ss="দিনা", rjsc=True),
    Ngo("কাঞ্চন সমাজ কল্যাণ সংস্থা", "Kanchan Samaj Kalyan Sangstha", "local", BIRAL, 2009,
        (HEALTH, WASH), "kanchan", ss="দিনা"),
    Ngo("ঢেপা উন্নয়ন ফোরাম", "Dhepa Development Forum", "local", SADAR, 2013, (DRR, AGRI),
        "dhepa"),
    Ngo("রামসাগর মহিলা উন্নয়ন সংস্থা", "Ramsagar Mohila Unnayan Sangstha", "local", SADAR, 2000,
        (WOMEN, MICRO), "ramsagar", ss="দিনা", pool="f"),
    Ngo("সবুজ সংঘ", "Sabuj Sangha", "local", BOCHAGANJ, 1984, (AGRI, EDU), "sabujsangha",
        ss="দিনা"),
    Ngo("মানব উন্নয়ন কেন্দ্র (মউক)", "Manab Unnayan Kendra (MUK)", "local", FULBARI, 1992,
        (EDU, HEALTH), "muk", ss="দিনা"),
    Ngo("প্রগতি সমাজ কল্যাণ সংস্থা", "Progoti Samaj Kalyan Sangstha", "local", BIRAMPUR, 2011,
        (CHILD, WOMEN), "progoti"),
    Ngo("আশার আলো পল্লী উন্নয়ন সংস্থা", "Ashar Alo Palli Unnayan Sangstha", "local", HAKIMPUR,
        2015, (WOMEN, WASH), "asharalo", ss="দিনা"),
    Ngo("দিনাজপুর মহিলা উন্নয়ন সমিতি", "Dinajpur Mohila Unnayan Samity (DMUS)", "local", SADAR,
        1982, (WOMEN, RIGHTS, EDU), "dmus", ss="দিনা", pool="f", title="সাধারণ সম্পাদক"),
    Ngo("উত্তরবঙ্গ উন্নয়ন সংস্থা", "Uttarbanga Unnayan Sangstha (UUS)", "local", BIRGANJ, 1990,
        (MICRO, AGRI), "uus", ss="দিনা"),
    Ngo("পল্লী মঙ্গল সংস্থা", "Palli Mongol Sangstha", "local", GHORAGHAT, 2012, (HEALTH, CHILD),
        "pms"),
    Ngo("সমতা নারী কল্যাণ সংস্থা", "Samata Nari Kalyan Sangstha", "local", NAWABGANJ, 2017,
        (WOMEN, RIGHTS), "samata", pool="f"),
    Ngo("বরেন্দ্র উন্নয়ন প্রচেষ্টা", "Barendra Unnayan Prochesta (BUP)", "local", BIRAMPUR, 1994,
        (AGRI, WASH, DRR), "bup", ss="দিনা"),
    Ngo("পার্বতীপুর শ্রমজীবী কল্যাণ সংস্থা", "Parbatipur Sromojibi Kalyan Sangstha", "local",
        PARBATIPUR, 2019, (RIGHTS, CHILD), "psks.pbt"),
]
# fmt: on


def bn(text: object) -> str:
    """Write Latin digits as Bengali digits."""
    return str(text).translate(BN_DIGITS)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def interpolate(year: float, anchors: list[tuple[int, int]]) -> float:
    for (y0, n0), (y1, n1) in itertools.pairwise(anchors):
        if y0 <= year <= y1:
            return n0 + (n1 - n0) * (year - y0) / (y1 - y0)
    return float(anchors[-1][1])


# Roughly how NGO Affairs Bureau numbers grew (e.g. 0836 in 1994, 1963 in 2004).
NGOAB_ANCHORS = [(1981, 1), (1990, 330), (1994, 830), (2000, 1540), (2004, 1960), (2010, 2580),
                 (2015, 2950), (2020, 3250)]  # fmt: skip
SS_ANCHORS = [(1961, 1), (1980, 110), (1990, 260), (2000, 430), (2010, 610), (2020, 790)]


class Roster:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.mobiles: set[str] = set()
        self.emails: set[str] = set()
        self.used_numbers: set[tuple[str, int]] = set()
        self.names = {
            "m": rng.sample(MALE, len(MALE)),
            "f": rng.sample(FEMALE, len(FEMALE)),
            "hm": rng.sample(HINDU_MALE, len(HINDU_MALE)),
            "hf": rng.sample(HINDU_FEMALE, len(HINDU_FEMALE)),
            "c": rng.sample(CHRISTIAN, len(CHRISTIAN)),
        }
        self.mohallas = rng.sample(TOWN_MOHALLAS, len(TOWN_MOHALLAS))

    # -- people ------------------------------------------------------------------------------
    def head(self, ngo: Ngo) -> str:
        if ngo.head:
            return ngo.head
        rng = self.rng
        if ngo.pool == "c":
            return rng.choice(["জনাব ", "জনাব ", ""]) + self.names["c"].pop()
        female = ngo.pool == "f" or rng.random() < 0.12
        hindu = rng.random() < 0.16
        if hindu and female:
            return rng.choice(["শ্রীমতি ", "মিসেস ", ""]) + self.names["hf"].pop()
        if hindu:
            return rng.choice(["শ্রী ", "জনাব ", "", ""]) + self.names["hm"].pop()
        if female:
            title = rng.choice(["মোছাঃ", "মোছাঃ", "মোসাঃ", "বেগম", "বেগম", "মিসেস", "জনাব"])
            return f"{title} {self.names['f'].pop()}"
        title = rng.choice(["মোঃ"] * 5 + ["মো:"] * 2 + ["জনাব মোঃ"] * 2 + ["জনাব", "মোহাম্মদ"])
        return f"{title} {self.names['m'].pop()}"

    def designation(self, ngo: Ngo) -> str:
        return ngo.title or self.rng.choice(DESIGNATIONS[ngo.kind])

    def mobile(self) -> str:
        rng = self.rng
        while True:
            operator = rng.choice(OPERATORS)
            number = operator + "".join(rng.choice("0123456789") for _ in range(8))
            if number not in self.mobiles:
                break
        self.mobiles.add(number)
        style = rng.random()
        dashed = f"{number[:5]}-{number[5:]}"
        if style < 0.04:
            return dashed  # Latin digits, as typed on an English keyboard
        if style < 0.07:
            return number
        if style < 0.65:
            return bn(dashed)
        return bn(number)

    def email(self, ngo: Ngo) -> str:
        rng = self.rng
        if rng.random() < 0.12:
            return ""
        host = rng.choice(["gmail.com"] * 6 + ["yahoo.com"] * 2 + ["hotmail.com"])
        local = rng.choice(
            [
                f"{ngo.slug}.dinajpur",
                f"{ngo.slug}dnj",
                f"{ngo.slug}{ngo.since % 100:02d}",
                f"ed.{ngo.slug}",
                f"{ngo.slug}_dinajpur",
            ]
        )
        address = f"{local}@{host}"
        assert address not in self.emails, address
        self.emails.add(address)
        return address

    def address(self, ngo: Ngo) -> str:
        if ngo.address:
            return ngo.address
        rng = self.rng
        in_town = ngo.home in (SADAR, ALL) or (ngo.kind != "local" and rng.random() < 0.5)
        if not in_town:
            return rng.choice(UPAZILA_ADDRESS[ngo.home])
        mohalla = self.mohallas.pop(0)
        self.mohallas.append(mohalla)
        house = rng.random()
        if house < 0.25:
            return f"বাসা নং-{bn(rng.randint(2, 480))}, {mohalla}, দিনাজপুর"
        if house < 0.35:
            return f"হোল্ডিং নং-{bn(rng.randint(10, 900))}, {mohalla}, দিনাজপুর"
        return f"{mohalla}, দিনাজপুর"

    # -- work ---------------------------------------------------------------------------------
    def areas(self, ngo: Ngo) -> str:
        rng = self.rng
        if ngo.home == ALL:
            return ALL
        if ngo.areas:
            count = ngo.areas
        elif ngo.kind == "local":
            count = rng.choice([1, 1, 2, 2, 2, 3])
        else:
            count = rng.choice([2, 3, 3, 4, 5])
        chosen = [ngo.home]
        near = rng.sample(NEIGHBOURS[ngo.home], len(NEIGHBOURS[ngo.home]))
        far = rng.sample([u for u in UPAZILAS if u not in near and u != ngo.home], 12 - len(near))
        chosen += (near + far)[: count - 1]
        if ngo.bn.startswith("মহিলা বহুমুখী"):
            written = chosen  # the minutes write it with "দিনাজপুর সদর" in full
        else:
            written = [self.clerk_spelling(u) for u in chosen]
        separator = ", " if rng.random() < 0.9 else ","
        return separator.join(written)

    def clerk_spelling(self, upazila: str) -> str:
        if upazila in CLERK_SPELLINGS and self.rng.random() < 0.4:
            return CLERK_SPELLINGS[upazila]
        return upazila

    def sectors(self, ngo: Ngo) -> str:
        rng = self.rng
        extra = [s for s in SECTORS if s not in ngo.sectors]
        if ngo.kind == "ingo":
            extra.remove(MICRO)  # INGOs do not lend
        chosen = list(ngo.sectors) + rng.sample(extra, rng.choice([0, 0, 1, 1, 2]))
        return ", ".join(chosen)

    def since(self, ngo: Ngo) -> str:
        year = bn(ngo.since)
        return f"{year} সাল থেকে" if self.rng.random() < 0.12 else year

    # -- registrations ----------------------------------------------------------------------
    def number(self, register: str, year: float, anchors: list[tuple[int, int]]) -> int:
        base = round(interpolate(year, anchors))
        while True:
            n = max(1, base + self.rng.randint(-12, 12))
            if (register, n) not in self.used_numbers:
                self.used_numbers.add((register, n))
                return n

    def ss_year(self, ngo: Ngo) -> int:
        if ngo.kind == "local":
            return min(2019, ngo.since + self.rng.randint(0, 2))
        return ngo.founded + self.rng.randint(0, 2)  # registered in its home district first

    def social_services(self, ngo: Ngo, year: int) -> str:
        if not ngo.ss:
            return ""
        n = self.number(ngo.ss, year + self.rng.random(), SS_ANCHORS)
        return bn(f"{ngo.ss}-{n}/{year % 100:02d}")

    def ngoab(self, ngo: Ngo, ss_year: int) -> str:
        rng = self.rng
        if ngo.kind == "local":
            if rng.random() < 0.2:
                return ""  # no foreign funds, so not registered with the Bureau
            first = (ss_year if ngo.ss else ngo.since) + rng.randint(1, 9)
            if first > 2019:
                return ""
            year = first
        else:
            earliest = max(1981, ngo.founded + 1, ss_year + 1 if ngo.ss else 0)
            year = earliest + rng.randint(0, 3)
        n = self.number("ngoab", year + rng.random(), NGOAB_ANCHORS)
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        yy = f"{year}" if rng.random() < 0.12 else f"{year % 100:02d}"
        return bn(f"{n:04d}/{day:02d}.{month:02d}.{yy}")

    def other(self, ngo: Ngo) -> str:
        rng = self.rng
        parts = []
        if ngo.mra:
            parts.append(
                f"{rng.randint(1, 1400):05d}-{rng.randint(100, 3900):05d}-{rng.randint(1, 700):05d}"
            )
            label = "MRA: " if rng.random() < 0.85 else "এমআরএ সনদ নং: "
            parts[-1] = label + (parts[-1] if rng.random() < 0.1 else bn(parts[-1]))
        if ngo.rjsc:
            parts.append(f"যৌথ মূলধন কোম্পানি: রাজ-{bn(rng.randint(300, 2400))}")
        return "; ".join(parts)

    def row(self, serial: int, ngo: Ngo) -> list[str]:
        ss_year = self.ss_year(ngo)
        values = [
            bn(serial),
            ngo.bn,
            ngo.en,
            self.head(ngo),
            self.designation(ngo),
            self.mobile(),
            self.email(ngo),
            self.address(ngo),
            self.areas(ngo),
            self.sectors(ngo),
            self.since(ngo),
            self.ngoab(ngo, ss_year),
            self.social_services(ngo, ss_year),
            self.other(ngo),
            ngo.note,
        ]
        return [nfc(v) for v in values]


def build_rows() -> list[list[str]]:
    roster = Roster(random.Random(SEED))
    rows = [roster.row(i, ngo) for i, ngo in enumerate(NGOS, start=1)]
    check(rows)
    return rows


def check(rows: list[list[str]]) -> None:
    assert len(rows) == 70, len(rows)
    english = [r[2] for r in rows]
    assert len(set(english)) == len(english), "English names must be unique"
    assert all(ngo.founded or ngo.kind == "local" for ngo in NGOS)
    assert len({r[1] for r in rows}) == len(rows), "Bangla names must be unique"
    for upazila in UPAZILAS:
        spellings = {upazila, CLERK_SPELLINGS.get(upazila, upazila)}
        covering = [r for r in rows if spellings & {a.strip() for a in r[8].split(",")}]
        assert len(covering) >= 4, (upazila, len(covering))


def write(rows: list[list[str]], out: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    wb.properties.creator = "এনজিও বিষয়ক শাখা, জেলা প্রশাসকের কার্যালয়, দিনাজপুর"
    wb.properties.title = TITLE
    wb.properties.created = dt.datetime(2021, 1, 3, 10, 30)

    font = "Nikosh"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    last = get_column_letter(len(HEADERS))

    ws["A1"] = TITLE
    ws["A1"].font = Font(name=font, size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A1:{last}1")
    ws["A2"] = UPDATED
    ws["A2"].font = Font(name=font, size=11)
    ws["A2"].alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[1].height = 24

    for col, header in enumerate(HEADERS, start=1):
        cell = ws.cell(row=4, column=col, value=header)
        cell.font = Font(name=font, size=11, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    ws.row_dimensions[4].height = 36

    for r, values in enumerate(rows, start=5):
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=value or None)
            cell.font = Font(name=font, size=11)
            cell.border = border
            cell.alignment = Alignment(
                vertical="top",
                wrap_text=col in WRAPPED,
                horizontal="center" if col in (1, 11) else None,
            )

    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A5"
    ws.print_title_rows = "4:4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_LEGAL
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)


def main(argv: list[str]) -> None:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    rows = build_rows()
    write(rows, out)
    print(f"wrote {out} ({len(rows)} NGOs)")


if __name__ == "__main__":
    main(sys.argv)
