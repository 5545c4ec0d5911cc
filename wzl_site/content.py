"""The WZL's own content, from its announcement (shared/seeds/000_b96aad6ec2f95bed.txt).

German is the original; English is complete. Other languages are added per field as
``{"ar": "…"}`` and fall back to English, then German, until they are.
Nothing here goes beyond the seed: where it gives no phone number, e-mail address, website,
postcode or counselling language, the field stays empty and the page says to ask.
"""

import copy
import json
from datetime import date, time
from pathlib import Path

SEED_URL = "https://www.leipzig.de/jugend-familie-und-soziales/auslaender-und-migranten/willkommenszentrum/"
OSM_SEARCH_URL = (
    "https://www.openstreetmap.org/search?query=Otto-Schill-Stra%C3%9Fe%202%2C%20Leipzig"
)


def _body(de_what: str, en_what: str, de_where: str, en_where: str) -> dict[str, str]:
    """A topic body in two short parts: what the centre does, where it refers you.

    Nothing about papers to bring: the announcement sets no such rule, and it could put off
    people who have none.
    """
    return {
        "de": f"## Was wir für Sie tun\n\n{de_what}\n\n## Wohin wir Sie vermitteln\n\n{de_where}",
        "en": f"## What we do for you\n\n{en_what}\n\n## Where we refer you\n\n{en_where}",
    }


TOPICS = [
    {
        "slug": "entry-and-residence",
        "title": {"de": "Einreise und Aufenthalt", "en": "Entry and residence"},
        "summary": {
            "de": "Fragen zur Einreise und zum Aufenthalt in Leipzig: Wir geben Ihnen eine erste "
            "Orientierung und sagen Ihnen, welche Stelle zuständig ist.",
            "en": "Questions about coming to and staying in Leipzig: we give you first guidance "
            "and tell you which office is responsible.",
        },
        "body": _body(
            "Wir hören uns Ihre Frage an und erklären Ihnen die nächsten Schritte. Zu den "
            "Dienstleistungen des Bürgeramts beraten wir Sie auch auf Englisch.",
            "We listen to your question and explain the next steps. We can also advise you in "
            "English on the services of the Bürgeramt (citizens' office).",
            "An die Stelle, die für Ihre Frage zuständig ist. Wir sagen Ihnen, wie Sie sie "
            "erreichen.",
            "To the office that is responsible for your question. We tell you how to reach it.",
        ),
    },
    {
        "slug": "language",
        "title": {"de": "Sprache", "en": "Language"},
        "summary": {
            "de": "Sie möchten Deutsch lernen? Wir zeigen Ihnen, wo es Sprachkurse und Hilfe gibt.",
            "en": "You want to learn German? We show you where to find language courses and help.",
        },
        "body": _body(
            "Wir besprechen mit Ihnen, was Sie schon können und was Sie brauchen. Wir geben "
            "Ihnen Informationen zu Deutschkursen in Leipzig.",
            "We talk with you about what you already know and what you need. We give you "
            "information about German courses in Leipzig.",
            "An Kursanbieter und Beratungsstellen, die Ihnen bei der Wahl und Anmeldung eines "
            "Kurses helfen.",
            "To course providers and counselling services that help you choose a course and "
            "sign up for it.",
        ),
    },
    {
        "slug": "education",
        "title": {"de": "Bildung", "en": "Education"},
        "summary": {
            "de": "Kita, Schule, Studium, Weiterbildung: Wir sagen Ihnen, wer Sie berät.",
            "en": "Childcare, school, university, further education: we tell you who can "
            "advise you.",
        },
        "body": _body(
            "Wir geben Ihnen einen ersten Überblick, wie Bildung in Leipzig und in Deutschland "
            "funktioniert, für Sie und für Ihre Kinder.",
            "We give you a first overview of how education works in Leipzig and in Germany, "
            "for you and for your children.",
            "An die Stellen, die für Kita, Schule, Hochschule oder Weiterbildung zuständig sind.",
            "To the offices responsible for childcare, school, university or further education.",
        ),
    },
    {
        "slug": "vocational-training",
        "title": {"de": "Ausbildung", "en": "Vocational training"},
        "summary": {
            "de": "Sie möchten in Deutschland einen Beruf lernen? Wir geben Ihnen erste "
            "Informationen zur Ausbildung.",
            "en": "You want to learn a trade or profession in Germany? We give you first "
            "information about vocational training.",
        },
        "body": _body(
            "Wir erklären Ihnen, wie eine Ausbildung in Deutschland abläuft, und besprechen "
            "Ihre Fragen.",
            "We explain how vocational training works in Germany and talk about your questions.",
            "An Beratungsstellen für Ausbildung und an die Stellen, die für Ihre Frage zuständig "
            "sind.",
            "To counselling services for vocational training and to the offices responsible for "
            "your question.",
        ),
    },
    {
        "slug": "housing",
        "title": {"de": "Wohnen", "en": "Housing"},
        "summary": {
            "de": "Fragen rund um die Wohnung: Wir sagen Ihnen, wo Sie Hilfe bekommen.",
            "en": "Questions about your home or flat: we tell you where to get help.",
        },
        "body": _body(
            "Wir hören uns Ihre Frage zum Wohnen an, zum Beispiel zur Wohnungssuche, und geben "
            "Ihnen eine erste Orientierung.",
            "We listen to your question about housing, for example about finding a flat, and "
            "give you first guidance.",
            "An die Stellen und Beratungsangebote, die bei Ihrer Frage weiterhelfen.",
            "To the offices and counselling services that can help with your question.",
        ),
    },
    {
        "slug": "family",
        "title": {"de": "Familie", "en": "Family"},
        "summary": {
            "de": "Fragen zu Familie, Kindern und Partnerschaft: Wir beraten Sie zuerst und "
            "vermitteln Sie weiter.",
            "en": "Questions about family, children and partnership: we advise you first and "
            "refer you on.",
        },
        "body": _body(
            "Wir hören uns Ihre Frage an und erklären Ihnen, welche Hilfen es für Familien gibt.",
            "We listen to your question and explain what support there is for families.",
            "An Beratungsstellen für Familien und an die zuständigen Ämter.",
            "To counselling services for families and to the offices responsible.",
        ),
    },
    {
        "slug": "health",
        "title": {"de": "Gesundheit", "en": "Health"},
        "summary": {
            "de": "Fragen zu Gesundheit und Krankenversicherung: Wir sagen Ihnen, wo Sie Hilfe "
            "bekommen.",
            "en": "Questions about health and health insurance: we tell you where to get help.",
        },
        "body": _body(
            "Wir geben Ihnen eine erste Orientierung, wie das Gesundheitssystem funktioniert.",
            "We give you first guidance on how the health system works.",
            "An die Stellen und Beratungsangebote, die für Ihre Frage zuständig sind.",
            "To the offices and counselling services responsible for your question.",
        ),
    },
    {
        "slug": "work",
        "title": {"de": "Arbeit und Jobsuche", "en": "Work and job search"},
        "summary": {
            "de": "Sie suchen Arbeit oder haben Fragen zum Job? Wir beraten Sie zuerst und "
            "vermitteln Sie weiter.",
            "en": "Looking for work or have questions about your job? We advise you first and "
            "refer you on.",
        },
        "body": _body(
            "Wir besprechen Ihre Fragen zu Arbeit und Jobsuche und erklären Ihnen die nächsten "
            "Schritte.",
            "We talk about your questions on work and job search and explain the next steps.",
            "An die Stellen für Arbeit und Beruf, zum Beispiel an die Agentur für Arbeit, das "
            "Jobcenter oder die Industrie- und Handelskammer (IHK).",
            "To the offices for work and careers, for example the Employment Agency (Agentur "
            "für Arbeit), the Jobcenter or the Chamber of Industry and Commerce (IHK).",
        ),
    },
    {
        "slug": "social-contacts",
        "title": {"de": "Soziale Kontakte", "en": "Social contacts"},
        "summary": {
            "de": "Sie möchten Menschen in Leipzig kennenlernen? Wir zeigen Ihnen Wege dahin.",
            "en": "You want to meet people in Leipzig? We show you ways to do it.",
        },
        "body": _body(
            "Wir erzählen Ihnen von Treffpunkten, Vereinen und Angeboten, bei denen Sie "
            "Menschen kennenlernen können.",
            "We tell you about meeting places, clubs and activities where you can meet people.",
            "An Vereine, Initiativen und Beratungsstellen in Leipzig.",
            "To clubs, initiatives and counselling services in Leipzig.",
        ),
    },
    {
        "slug": "culture-and-leisure",
        "title": {"de": "Kultur und Freizeit", "en": "Culture and leisure"},
        "summary": {
            "de": "Was kann ich in Leipzig erleben? Wir geben Ihnen Hinweise zu Kultur und "
            "Freizeit.",
            "en": "What is there to do in Leipzig? We give you ideas for culture and leisure.",
        },
        "body": _body(
            "Wir geben Ihnen Informationen zu Kultur-, Sport- und Freizeitangeboten in Leipzig.",
            "We give you information about culture, sports and leisure activities in Leipzig.",
            "An die Anbieter und Stellen, die Ihnen mehr sagen können.",
            "To the providers and offices that can tell you more.",
        ),
    },
]


def _guide(topic: str, de: str, en: str) -> dict:
    """One topic of an "I am …" guide, with one plain sentence on why it matters to the group."""
    return {"slug": topic, "reason": {"de": de, "en": en}}


TARGET_GROUPS = [
    {
        "slug": "skilled-workers",
        "name": {"de": "Fachkräfte und ihre Familien", "en": "Skilled workers and their families"},
        "label": {
            "de": "Ich bin Fachkraft oder in der Familie einer Fachkraft",
            "en": "I am a skilled worker or family member of one",
        },
        "description": {
            "de": "Sie sind als Fachkraft nach Leipzig gekommen oder mit einer Fachkraft als "
            "Familie? Das Willkommenszentrum hilft Ihnen beim Ankommen.",
            "en": "You came to Leipzig as a skilled worker, or as family of one? The Welcome "
            "Centre helps you settle in.",
        },
        "topics": [
            _guide(
                "entry-and-residence",
                "Fragen zu Visum, Aufenthalt und Familiennachzug: Wir sagen Ihnen, welche Stelle "
                "zuständig ist.",
                "Questions about visas, residence and bringing your family: we tell you which "
                "office is responsible.",
            ),
            _guide(
                "work",
                "Fragen zu Arbeit und Jobsuche, auch für Ihre Familie.",
                "Questions about work and finding a job, also for your family.",
            ),
            _guide(
                "language",
                "Deutsch hilft Ihnen im Alltag und im Beruf. Wir sagen Ihnen, wo Sie Deutsch "
                "lernen können.",
                "German helps you in daily life and at work. We tell you where you can learn "
                "German.",
            ),
            _guide(
                "housing",
                "Eine Wohnung in Leipzig finden: Wir sagen Ihnen, wo Sie Hilfe bekommen.",
                "Finding a flat in Leipzig: we tell you where to get help.",
            ),
            _guide(
                "family",
                "Fragen rund um Ihre Familie, zum Beispiel zu Kinderbetreuung und Schule.",
                "Questions about your family, for example about childcare and school.",
            ),
            _guide(
                "education",
                "Schule, Studium oder Weiterbildung: für Sie oder für Ihre Kinder.",
                "School, university or further training: for you or for your children.",
            ),
        ],
    },
    {
        "slug": "students",
        "name": {"de": "Studierende", "en": "Students"},
        "label": {"de": "Ich studiere", "en": "I am a student"},
        "description": {
            "de": "Sie studieren in Leipzig oder möchten hier studieren? Wir beraten Sie zu Ihren "
            "ersten Fragen.",
            "en": "You study in Leipzig or want to study here? We advise you on your first "
            "questions.",
        },
        "topics": [
            _guide(
                "entry-and-residence",
                "Fragen zu Visum und Aufenthalt während des Studiums: Wir sagen Ihnen, welche "
                "Stelle zuständig ist.",
                "Questions about visas and residence while you study: we tell you which office "
                "is responsible.",
            ),
            _guide(
                "language",
                "Deutsch hilft Ihnen im Studium und im Alltag.",
                "German helps you in your studies and in daily life.",
            ),
            _guide(
                "housing",
                "Ein Zimmer oder eine Wohnung in Leipzig finden.",
                "Finding a room or a flat in Leipzig.",
            ),
            _guide(
                "health",
                "Krankenversicherung und Arztbesuch: Wir sagen Ihnen, wo Sie Antworten bekommen.",
                "Health insurance and seeing a doctor: we tell you where to get answers.",
            ),
            _guide(
                "work",
                "Neben dem Studium arbeiten oder nach dem Studium eine Stelle suchen.",
                "Working while you study, or looking for a job after your studies.",
            ),
            _guide(
                "social-contacts",
                "Menschen in Leipzig kennenlernen und Anschluss finden.",
                "Meeting people in Leipzig and making friends.",
            ),
            _guide(
                "culture-and-leisure",
                "Kultur, Sport und Freizeit in Leipzig entdecken.",
                "Discovering culture, sports and leisure in Leipzig.",
            ),
        ],
    },
    {
        "slug": "eu-citizens",
        "name": {"de": "EU-Bürgerinnen und EU-Bürger", "en": "EU citizens"},
        "label": {"de": "Ich bin EU-Bürgerin oder EU-Bürger", "en": "I am an EU citizen"},
        "description": {
            "de": "Sie kommen aus einem Land der Europäischen Union? Auch für Sie ist das "
            "Willkommenszentrum da.",
            "en": "You come from a country of the European Union? The Welcome Centre is there "
            "for you too.",
        },
        "topics": [
            _guide(
                "entry-and-residence",
                "Fragen zum Leben in Deutschland als EU-Bürgerin oder EU-Bürger: Wir beraten Sie "
                "und sagen Ihnen, welche Stelle zuständig ist.",
                "Questions about living in Germany as an EU citizen: we advise you and tell you "
                "which office is responsible.",
            ),
            _guide(
                "work",
                "Sie suchen Arbeit in Leipzig oder haben Fragen zu Ihrer Arbeit.",
                "You are looking for work in Leipzig or have questions about your job.",
            ),
            _guide(
                "housing",
                "Eine Wohnung in Leipzig finden: Wir sagen Ihnen, wo Sie Hilfe bekommen.",
                "Finding a flat in Leipzig: we tell you where to get help.",
            ),
            _guide(
                "health",
                "Fragen zu Krankenversicherung und Arztbesuch.",
                "Questions about health insurance and seeing a doctor.",
            ),
            _guide(
                "language",
                "Deutsch hilft Ihnen im Alltag und im Beruf. Wir sagen Ihnen, wo Sie Deutsch "
                "lernen können.",
                "German helps you in daily life and at work. We tell you where you can learn "
                "German.",
            ),
        ],
    },
    {
        "slug": "third-country-nationals",
        "name": {"de": "Drittstaatsangehörige", "en": "Third-country nationals"},
        "label": {
            "de": "Ich komme aus einem Land außerhalb der EU",
            "en": "I come from a country outside the EU",
        },
        "description": {
            "de": "Sie kommen aus einem Land außerhalb der Europäischen Union? Wir beraten Sie "
            "zuerst und sagen Ihnen, welche Stelle zuständig ist.",
            "en": "You come from a country outside the European Union? We advise you first and "
            "tell you which office is responsible.",
        },
        "topics": [
            _guide(
                "entry-and-residence",
                "Fragen zu Visum und Aufenthaltserlaubnis: Wir beraten Sie zuerst und sagen "
                "Ihnen, welche Stelle zuständig ist.",
                "Questions about visas and residence permits: we advise you first and tell you "
                "which office is responsible.",
            ),
            _guide(
                "language",
                "Deutsch hilft Ihnen im Alltag und im Beruf. Wir sagen Ihnen, wo Sie Deutsch "
                "lernen können.",
                "German helps you in daily life and at work. We tell you where you can learn "
                "German.",
            ),
            _guide(
                "work",
                "Fragen zu Arbeit und Jobsuche in Leipzig.",
                "Questions about work and finding a job in Leipzig.",
            ),
            _guide(
                "housing",
                "Eine Wohnung in Leipzig finden: Wir sagen Ihnen, wo Sie Hilfe bekommen.",
                "Finding a flat in Leipzig: we tell you where to get help.",
            ),
            _guide(
                "education",
                "Schule, Ausbildung, Studium oder Weiterbildung: für Sie oder für Ihre Kinder.",
                "School, vocational training, university or further training: for you or for "
                "your children.",
            ),
        ],
    },
    {
        "slug": "refugees",
        "name": {"de": "Geflüchtete", "en": "Refugees"},
        "label": {"de": "Ich bin geflüchtet", "en": "I am a refugee"},
        "description": {
            "de": "Sie sind nach Leipzig geflüchtet? Wir beraten Sie, egal welchen "
            "Aufenthaltsstatus Sie haben.",
            "en": "You fled to Leipzig? We advise you, whatever your residence status.",
        },
        "topics": [
            _guide(
                "entry-and-residence",
                "Fragen zu Ihrem Aufenthalt und Ihren Papieren: Wir beraten Sie, egal welchen "
                "Aufenthaltsstatus Sie haben.",
                "Questions about your residence and your papers: we advise you, whatever your "
                "residence status.",
            ),
            _guide(
                "language",
                "Deutsch hilft Ihnen im Alltag. Wir sagen Ihnen, wo Sie Deutsch lernen können.",
                "German helps you in daily life. We tell you where you can learn German.",
            ),
            _guide(
                "housing",
                "Eine Wohnung finden: Wir sagen Ihnen, wo Sie Hilfe bekommen.",
                "Finding a flat: we tell you where to get help.",
            ),
            _guide(
                "health",
                "Wenn Sie krank sind oder Fragen zur Gesundheit haben: Wir sagen Ihnen, wohin "
                "Sie gehen können.",
                "When you are ill or have questions about your health: we tell you where you can "
                "go.",
            ),
            _guide(
                "family",
                "Fragen rund um Ihre Familie, zum Beispiel zu Kinderbetreuung und Schule.",
                "Questions about your family, for example about childcare and school.",
            ),
            _guide(
                "work",
                "Arbeit finden in Leipzig: Wir sagen Ihnen, wer Ihnen dabei hilft.",
                "Finding work in Leipzig: we tell you who can help you.",
            ),
            _guide(
                "education",
                "Schule, Studium oder Weiterbildung: für Sie oder für Ihre Kinder.",
                "School, university or further training: for you or for your children.",
            ),
            _guide(
                "vocational-training",
                "Eine Ausbildung machen: Wir sagen Ihnen, wo Sie Beratung bekommen.",
                "Doing vocational training: we tell you where to get advice.",
            ),
        ],
    },
]

LANGUAGES = [
    {"code": "de", "name": {"de": "Deutsch", "en": "German"}, "native_name": "Deutsch"},
    {"code": "en", "name": {"de": "Englisch", "en": "English"}, "native_name": "English"},
]

_MIGRATION_SERVICE = {
    "de": "Etablierter Migrationsdienst und Kooperationspartner des Willkommenszentrums. "
    "Seine Mitarbeiterinnen und Mitarbeiter sind vor Ort im Willkommenszentrum, neben "
    "Mitarbeiterinnen und Mitarbeitern des Bürgeramts und des Referats für Migration und "
    "Integration der Stadt Leipzig.",
    "en": "An established migration service and cooperation partner of the Welcome Centre. "
    "Its staff are on site at the Welcome Centre, together with staff of the Bürgeramt "
    "(citizens' office) and of the Office for Migration and Integration of the City of Leipzig.",
}
# The announcement (April 2018) says these partners "werden demnächst im WZL ihre
# Spezialangebote unterbreiten": announced, not there yet. No offers are seeded for them;
# staff add real offers and consultation hours when they exist.
_ANNOUNCED = {
    "de": "Die Ankündigung zur Eröffnung des Willkommenszentrums (April 2018) nennt diesen "
    "Partner: Er wird seine Spezialangebote im Willkommenszentrum machen. Fragen Sie die "
    "Mitarbeiterinnen und Mitarbeiter des Willkommenszentrums, ob und wann er dort ist.",
    "en": "The announcement of the Welcome Centre's opening (April 2018) names this partner: it "
    "will bring its special offers to the Welcome Centre. Ask the Welcome Centre staff whether "
    "and when it is there.",
}

PARTNERS = [
    {
        "slug": "verband-binationaler-familien",
        "kind": "on_site",
        "name": {
            "de": "Verband binationaler Familien und Partnerschaften e.V.",
            "en": "Association of Binational Families and Partnerships "
            "(Verband binationaler Familien und Partnerschaften e.V.)",
        },
        "description": _MIGRATION_SERVICE,
        "offers": [],
    },
    {
        "slug": "mosaik-leipzig",
        "kind": "on_site",
        "name": {"de": "Mosaik Leipzig e.V.", "en": "Mosaik Leipzig e.V."},
        "description": _MIGRATION_SERVICE,
        "offers": [],
    },
    {
        "slug": "internationaler-bund-mitte",
        "kind": "on_site",
        "name": {
            "de": "Internationaler Bund Mitte gGmbH",
            "en": "Internationaler Bund Mitte gGmbH",
        },
        "description": _MIGRATION_SERVICE,
        "offers": [],
    },
    {
        "slug": "arbeit-und-leben",
        "kind": "on_site",
        "name": {"de": "Arbeit und Leben e.V.", "en": "Arbeit und Leben e.V."},
        "description": _MIGRATION_SERVICE,
        "offers": [],
    },
    {
        "slug": "buergeramt",
        "kind": "city_office",
        "name": {
            "de": "Bürgeramt der Stadt Leipzig",
            "en": "Bürgeramt (citizens' office) of the City of Leipzig",
        },
        "description": {
            "de": "Mitarbeiterinnen und Mitarbeiter des Bürgeramts sind vor Ort im "
            "Willkommenszentrum.",
            "en": "Staff of the Bürgeramt (citizens' office) are on site at the Welcome Centre.",
        },
        "offers": [
            {
                "title": {
                    "de": "Orientierung und Beratung zu Bürgeramtsdienstleistungen auf Englisch",
                    "en": "Orientation and counselling in English on the Bürgeramt's services",
                },
                "description": {
                    "de": "Orientierungs- und Beratungsgespräche im Rahmen der "
                    "Bürgeramtsdienstleistungen auf Englisch.",
                    "en": "Orientation and counselling talks in English on the services of "
                    "the Bürgeramt (citizens' office).",
                },
                "topics": ["entry-and-residence"],
                "languages": ["en"],
            }
        ],
    },
    {
        "slug": "referat-migration-integration",
        "kind": "city_office",
        "name": {
            "de": "Referat für Migration und Integration der Stadt Leipzig",
            "en": "Office for Migration and Integration (Referat für Migration und Integration) "
            "of the City of Leipzig",
        },
        "description": {
            "de": "Mitarbeiterinnen und Mitarbeiter des Referats für Migration und Integration "
            "sind vor Ort im Willkommenszentrum.",
            "en": "Staff of the Office for Migration and Integration are on site at the "
            "Welcome Centre.",
        },
        "offers": [],
    },
    {
        "slug": "agentur-fuer-arbeit",
        "kind": "visiting",
        "name": {"de": "Agentur für Arbeit", "en": "Employment Agency (Agentur für Arbeit)"},
        "description": _ANNOUNCED,
        "offers": [],
    },
    {
        "slug": "jobcenter",
        "kind": "visiting",
        "name": {"de": "Jobcenter", "en": "Jobcenter"},
        "description": _ANNOUNCED,
        "offers": [],
    },
    {
        "slug": "ihk",
        "kind": "visiting",
        "name": {
            "de": "Industrie- und Handelskammer (IHK)",
            "en": "Chamber of Industry and Commerce (IHK)",
        },
        "description": _ANNOUNCED,
        "offers": [],
    },
    {
        "slug": "verbraucherzentrale-sachsen",
        "kind": "visiting",
        "name": {
            "de": "Verbraucherzentrale Sachsen e.V.",
            "en": "Consumer Advice Centre Saxony (Verbraucherzentrale Sachsen e.V.)",
        },
        "description": _ANNOUNCED,
        "offers": [],
    },
]

# The centre's own texts (services.CentreProfile): the home page's introduction and list of
# tasks, and its first and referral counselling, shown once on every topic page. First and
# referral counselling is the centre's task as a whole, not one partner's offer.
CENTRE_PROFILE = {
    "intro": {
        "de": "Das Willkommenszentrum ist die zentrale Anlaufstelle der Stadt Leipzig für "
        "Menschen mit Migrationshintergrund: für Menschen, die neu in Leipzig sind, und für "
        "Menschen, die schon hier leben, egal welchen Aufenthaltsstatus sie haben.\n\n"
        "Wir beantworten Ihre ersten Fragen, auch in mehreren Sprachen. Und wir sagen Ihnen, "
        "welche Stelle oder Organisation Ihnen weiterhelfen kann.",
        "en": "The Welcome Centre is the City of Leipzig's central contact point for people with "
        "a migration background: for people new to Leipzig and for people who already live "
        "here, whatever their residence status.\n\n"
        "We answer your first questions, also in several languages. And we tell you which "
        "office or organisation can help you further.",
    },
    "tasks": {
        "de": "- Erst- und Verweisberatung, auch mehrsprachig, zu allen wichtigen Fragen des "
        "täglichen Lebens: Einreise und Aufenthalt, Sprache, Bildung, Ausbildung, Wohnen, "
        "Familie, Gesundheit, Arbeit und Jobsuche, soziale Kontakte, Kultur und Freizeit.\n"
        "- Wir vermitteln Sie an die Stelle, die für Ihre Frage zuständig ist.\n"
        "- Orientierung und Beratung auf Englisch zu den Dienstleistungen des Bürgeramts.\n"
        "- Mehrsprachiges Informationsmaterial zum Lesen und Mitnehmen.\n"
        "- Vor Ort sind Migrationsdienste, das Bürgeramt und das Referat für Migration und "
        "Integration der Stadt Leipzig.\n"
        "- Weitere Partner wurden angekündigt: Die Agentur für Arbeit, das Jobcenter, die IHK "
        "und die Verbraucherzentrale Sachsen werden im Willkommenszentrum ihre Spezialangebote "
        "machen.",
        "en": "- First and referral counselling, also in several languages, on all important "
        "questions of daily life: entry and residence, language, education, vocational "
        "training, housing, family, health, work and job search, social contacts, culture and "
        "leisure.\n"
        "- We put you in touch with the office responsible for your question.\n"
        "- Orientation and counselling in English on the services of the Bürgeramt (citizens' "
        "office).\n"
        "- Information material in several languages to read and take away.\n"
        "- On site are migration services, the Bürgeramt and the Office for Migration and "
        "Integration of the City of Leipzig.\n"
        "- Further partners were announced: the Employment Agency (Agentur für Arbeit), the "
        "Jobcenter, the Chamber of Industry and Commerce (IHK) and the Consumer Advice Centre "
        "Saxony (Verbraucherzentrale Sachsen) will bring their special offers to the Welcome "
        "Centre.",
    },
    "first_counselling": {
        "de": "Das Willkommenszentrum bietet Erst- und Verweisberatung zu diesem und zu jedem "
        "anderen Thema, auch mehrsprachig. Vor Ort sind Mitarbeiterinnen und Mitarbeiter des "
        "Bürgeramts und des Referats für Migration und Integration und der Migrationsdienste "
        "Verband binationaler Familien und Partnerschaften, Mosaik Leipzig, Internationaler "
        "Bund Mitte und Arbeit und Leben.",
        "en": "The Welcome Centre gives first and referral counselling on this topic and on "
        "every other, also in several languages. On site are staff of the Bürgeramt (citizens' "
        "office), of the Office for Migration and Integration and of the migration services "
        "Association of Binational Families and Partnerships, Mosaik Leipzig, Internationaler "
        "Bund Mitte and Arbeit und Leben.",
    },
}

CENTRE = {
    "slug": "wzl",
    "name": {"de": "Willkommenszentrum Leipzig", "en": "Welcome Centre Leipzig"},
    "street": "Otto-Schill-Straße 2",
    "postcode": "",  # the seed gives none
    "city": "Leipzig",
    "directions_url": OSM_SEARCH_URL,
    "more_information_url": SEED_URL,
    # The seed's week is the first period of hours, from the day the announcement is dated.
    "hours_valid_from": date(2018, 4, 11),
    # (weekday, opens, closes); Monday is 0. From the seed.
    "weekly_hours": [
        (0, time(13), time(17)),
        (2, time(9), time(13)),
        (3, time(13), time(17)),
        (4, time(9), time(13)),
    ],
}


def _section(key, heading, body=None, placeholder=""):
    """A part of a legal page: ``placeholder`` says what only staff can write (shown in the
    admin until the German text is filled in, never on the site)."""
    return {"key": key, "heading": heading, "body": body or {}, "placeholder": placeholder}


# The explanation in Leichte Sprache (German only, written to its rules: short sentences, one
# statement each, no passive, no genitive, hard words explained, compounds split with "·").
EASY_LANGUAGE_SECTIONS = [
    _section(
        "what",
        {"de": "Was ist das Willkommens·zentrum?"},
        {
            "de": (
                "Das Willkommens·zentrum ist ein Ort in Leipzig.\n\n"
                "Die Abkürzung ist: WZL.\n\n"
                "Das Willkommens·zentrum gehört zur Stadt Leipzig.\n\n"
                "Dort bekommen Sie Rat und Hilfe."
            )
        },
    ),
    _section(
        "who",
        {"de": "Für wen ist das Willkommens·zentrum?"},
        {
            "de": (
                "Das Willkommens·zentrum ist für Menschen aus anderen Ländern.\n\n"
                "Und für ihre Familien.\n\n"
                "Zum Beispiel für:\n\n"
                "- Fach·kräfte. Fach·kräfte sind Menschen mit einem Beruf. "
                "Sie arbeiten in Leipzig.\n"
                "- Studierende.\n"
                "- Menschen aus der EU. Die EU ist eine Gruppe von Ländern in Europa.\n"
                "- Menschen aus anderen Ländern. Diese Länder sind nicht in der EU.\n"
                "- Geflüchtete. Geflüchtete mussten aus ihrem Land fliehen.\n\n"
                "Sie sind neu in Leipzig? Sie können kommen.\n\n"
                "Sie wohnen schon lange in Leipzig? Sie können auch kommen.\n\n"
                "Ihr Aufenthalts·status ist egal.\n\n"
                "Aufenthalts·status heißt: Mit welchem Papier Sie in Deutschland sind."
            )
        },
    ),
    _section(
        "help",
        {"de": "Wobei hilft das Willkommens·zentrum?"},
        {
            "de": (
                "Die Mitarbeiterinnen und Mitarbeiter beraten Sie.\n\n"
                "Beraten heißt: Sie stellen Fragen. "
                "Die Mitarbeiterinnen und Mitarbeiter geben Ihnen Antworten und Tipps.\n\n"
                "Die Beratung gibt es in mehreren Sprachen.\n\n"
                "Sie können zu vielen Themen fragen. Zum Beispiel:\n\n"
                "- Einreise und Aufenthalt in Deutschland\n"
                "- Deutsch lernen\n"
                "- Schule und Bildung\n"
                "- Ausbildung\n"
                "- Wohnen\n"
                "- Familie\n"
                "- Gesundheit\n"
                "- Arbeit und Arbeits·suche\n"
                "- Andere Menschen kennen·lernen\n"
                "- Kultur und Freizeit\n\n"
                "Manchmal ist ein anderes Amt zuständig.\n\n"
                "Zuständig heißt: Dieses Amt kümmert sich um Ihre Frage.\n\n"
                "Dann sagen wir Ihnen: Zu diesem Amt können Sie gehen.\n\n"
                "Im Willkommens·zentrum gibt es auch Hefte mit Informationen. "
                "Die Hefte gibt es in mehreren Sprachen. Sie können die Hefte mitnehmen.\n\n"
                "Im Willkommens·zentrum arbeiten auch andere Organisationen. "
                "Zum Beispiel Vereine. Diese Organisationen beraten Sie auch."
            )
        },
    ),
    _section(
        "where",
        {"de": "Wo ist das Willkommens·zentrum?"},
        {
            "de": (
                "Die Adresse ist: Otto-Schill-Straße 2 in Leipzig.\n\n"
                "Die Öffnungs·zeiten stehen auf der Seite "
                "[Öffnungs·zeiten und Adresse](/de/visit/).\n\n"
                "Manchmal ist das Willkommens·zentrum geschlossen. "
                "Zum Beispiel an Feier·tagen. Das steht dann oben auf jeder Seite."
            )
        },
    ),
    _section(
        "site",
        {"de": "So benutzen Sie diese Website"},
        {
            "de": (
                "Oben auf jeder Seite ist ein Menü. "
                "Dort finden Sie: Themen, Partner, Öffnungs·zeiten und Adresse.\n\n"
                "Sie können die Sprache wählen. "
                "Die Sprachen stehen oben auf jeder Seite. Es gibt 11 Sprachen.\n\n"
                "Sie können auf der Website suchen. Das Such·feld ist oben auf jeder Seite. "
                "Schreiben Sie ein Wort in das Such·feld. Zum Beispiel: Wohnung. "
                "Dann drücken Sie auf: Suchen.\n\n"
                "Auf der Start·seite steht: Ich bin … "
                "Dort wählen Sie aus: Wer sind Sie? Zum Beispiel: Ich studiere. "
                "Dann sehen Sie die wichtigen Themen für Sie.\n\n"
                "Unten auf jeder Seite sind noch mehr Links. "
                "Zum Beispiel zur Erklärung zur Barriere·freiheit.\n\n"
                "Sie können die Website auch nur mit der Tastatur benutzen. "
                "Mit der Tab-Taste springen Sie von Link zu Link."
            )
        },
    ),
    _section(
        "accessibility",
        {"de": "Barriere·freiheit"},
        {
            "de": (
                "Barriere·freiheit heißt: Alle Menschen können die Website benutzen. "
                "Auch Menschen mit Behinderung.\n\n"
                "Wir wollen eine barriere·freie Website.\n\n"
                "Aber: Noch nicht alles ist barriere·frei. Zum Beispiel:\n\n"
                "- Manche PDF-Dateien sind noch nicht barriere·frei. "
                "PDF-Dateien sind Dokumente zum Herunter·laden.\n"
                "- Manche Texte gibt es noch nicht in allen Sprachen.\n\n"
                "Haben Sie ein Problem mit der Website? Dann sagen Sie es uns. "
                "Dafür gibt es ein Formular: [Barriere melden](/de/barrierefreiheit/melden/).\n\n"
                "Mehr dazu steht in der "
                "[Erklärung zur Barriere·freiheit](/de/barrierefreiheit/). "
                "Die Erklärung ist in schwerer Sprache."
            )
        },
    ),
    _section(
        "more",
        {"de": "Hier finden Sie mehr"},
        {
            "de": (
                "Mehr über das Willkommens·zentrum steht auf der Website von der Stadt Leipzig: "
                f"[leipzig.de]({SEED_URL}). Dieser Text ist in schwerer Sprache.\n\n"
                "Oder Sie kommen in das Willkommens·zentrum. "
                "Dort beraten wir Sie persönlich."
            )
        },
    ),
]

# Pages in German only, whatever the visitor's language: nothing to translate.
GERMAN_ONLY_PAGES = {"easy_language"}

LEGAL_PAGES = [
    {
        "kind": "imprint",
        "title": {"de": "Impressum", "en": "Legal notice"},
        "intro": {
            "de": (
                "Dies ist die Website des Willkommenszentrums Leipzig (WZL) der Stadt Leipzig.\n\n"
                f"Mehr zum Willkommenszentrum auf [leipzig.de]({SEED_URL})."
            ),
            "en": (
                "This is the website of the Welcome Centre Leipzig (Willkommenszentrum "
                "Leipzig, WZL) of the City of Leipzig.\n\n"
                f"More about the Welcome Centre on [leipzig.de]({SEED_URL}) (in German)."
            ),
        },
        "sections": [
            _section(
                "provider",
                {"de": "Anbieter", "en": "Provider"},
                placeholder=(
                    "Name und Postanschrift der Stelle der Stadt Leipzig, die diese Website "
                    "anbietet (§ 5 DDG)."
                ),
            ),
            _section(
                "representative",
                {"de": "Vertreten durch", "en": "Represented by"},
                placeholder="Die vertretungsberechtigte Person der Stadt Leipzig (§ 5 DDG).",
            ),
            _section(
                "contact",
                {"de": "Kontakt", "en": "Contact"},
                placeholder=(
                    "Telefonnummer und E-Mail-Adresse für eine schnelle Kontaktaufnahme "
                    "(§ 5 Abs. 1 Nr. 2 DDG)."
                ),
            ),
            _section(
                "editor",
                {"de": "Verantwortlich für den Inhalt", "en": "Responsible for the content"},
                placeholder="Name und Anschrift der verantwortlichen Person (§ 18 Abs. 2 MStV).",
            ),
            _section(
                "supervision",
                {"de": "Aufsichtsbehörde", "en": "Supervisory authority"},
                placeholder="Die zuständige Aufsichtsbehörde mit Anschrift (§ 5 Abs. 1 Nr. 3 DDG).",
            ),
        ],
    },
    {
        "kind": "privacy",
        "title": {"de": "Datenschutz", "en": "Privacy"},
        "intro": {
            "de": (
                "Diese Website setzt auf ihren öffentlichen Seiten keine Cookies und verwendet "
                "keine Analyse- oder Tracking-Dienste.\n\n"
                "Sie lädt nichts von fremden Servern: keine Schriften, keine Karten, keine "
                "Skripte. Links zu anderen Websites, etwa zu OpenStreetMap, sind einfache Links. "
                "Daten gehen erst an die andere Website, wenn Sie den Link anklicken.\n\n"
                "Nur die Anmeldung für Mitarbeiterinnen und Mitarbeiter der Redaktion nutzt "
                "technisch notwendige Cookies."
            ),
            "en": (
                "This website sets no cookies on its public pages and uses no analytics or "
                "tracking services.\n\n"
                "It loads nothing from other servers: no fonts, no maps, no scripts. Links to "
                "other websites, for example to OpenStreetMap, are plain links. Data goes to the "
                "other website only when you click the link.\n\n"
                "Only the sign-in for editorial staff uses technically necessary cookies."
            ),
        },
        "sections": [
            _section(
                "controller",
                {"de": "Verantwortliche Stelle", "en": "Controller"},
                placeholder=(
                    "Name und Anschrift der verantwortlichen Stelle mit Kontakt "
                    "(Art. 13 Abs. 1 a DSGVO)."
                ),
            ),
            _section(
                "dpo",
                {"de": "Datenschutzbeauftragte", "en": "Data protection officer"},
                placeholder=(
                    "Kontaktdaten der behördlichen Datenschutzbeauftragten oder des "
                    "Datenschutzbeauftragten (Art. 13 Abs. 1 b DSGVO)."
                ),
            ),
            _section(
                "access-data",
                {"de": "Wenn Sie eine Seite aufrufen", "en": "When you open a page"},
                {
                    "de": (
                        "Wenn Sie eine Seite aufrufen, verarbeitet der Webserver technisch "
                        "notwendige Daten wie Ihre IP-Adresse, die Uhrzeit und die aufgerufene "
                        "Adresse, um Ihnen die Seite zu senden."
                    ),
                    "en": (
                        "When you open a page, the web server processes technically necessary "
                        "data such as your IP address, the time and the address you requested, "
                        "in order to send you the page."
                    ),
                },
            ),
            _section(
                "legal-bases",
                {"de": "Rechtsgrundlagen", "en": "Legal bases"},
                placeholder=(
                    "Die Rechtsgrundlagen der Verarbeitung: beim Aufruf der Seiten und bei "
                    "Meldungen über das Formular „Barriere melden“ (Art. 6 DSGVO und "
                    "Landesrecht)."
                ),
            ),
            _section(
                "retention",
                {"de": "Speicherdauer", "en": "How long data are kept"},
                placeholder=(
                    "Wie lange der Webserver Zugriffsdaten (IP-Adresse, Uhrzeit, Adresse) "
                    "speichert. Die Speicherdauer der Meldungen über das Formular nennt die "
                    "Seite selbst (Einstellung DJANGO_BARRIER_REPORT_RETENTION_DAYS)."
                ),
            ),
            _section(
                "rights",
                {"de": "Ihre Rechte", "en": "Your rights"},
                placeholder=(
                    "Die Rechte der betroffenen Person (Auskunft, Berichtigung, Löschung, "
                    "Einschränkung, Widerspruch) und an wen sie sich wendet (Art. 15–21 DSGVO)."
                ),
            ),
            _section(
                "complaint",
                {"de": "Beschwerde bei der Aufsichtsbehörde", "en": "Complaints"},
                placeholder=(
                    "Das Recht auf Beschwerde und die zuständige Datenschutz-Aufsichtsbehörde "
                    "mit Kontakt (Art. 77 DSGVO)."
                ),
            ),
        ],
    },
    {
        "kind": "accessibility",
        # The footer's and the glossary's name; the text says it is the statement.
        "title": {"de": "Barrierefreiheit", "en": "Accessibility"},
        "intro": {
            "de": (
                "Dies ist die Erklärung zur Barrierefreiheit dieser Website.\n\n"
                "Die Stadt Leipzig ist bemüht, diese Website des Willkommenszentrums Leipzig "
                "barrierefrei zugänglich zu machen: nach dem sächsischen "
                "Barrierefreie-Websites-Gesetz (BfWebG) und der Barrierefreie-"
                "Informationstechnik-Verordnung (BITV 2.0)."
            ),
            "en": (
                "This is the accessibility statement of this website.\n\n"
                "The City of Leipzig strives to make this website of the Welcome Centre "
                "Leipzig accessible, as the Saxon law on accessible websites "
                "(Barrierefreie-Websites-Gesetz, BfWebG) and the German accessibility "
                "regulation BITV 2.0 require."
            ),
        },
        "sections": [
            _section(
                "state",
                {
                    "de": "Wie barrierefrei ist diese Website?",
                    "en": "How accessible is this website?",
                },
                {
                    "de": (
                        "Diese Website ist mit den Anforderungen der BITV 2.0 **teilweise "
                        "vereinbar**. Die Teile, die noch nicht barrierefrei sind, stehen "
                        "im nächsten Abschnitt."
                    ),
                    "en": (
                        "This website is **partially compliant** with the requirements of "
                        "BITV 2.0. The parts that are not accessible yet are listed in the "
                        "next section."
                    ),
                },
            ),
            _section(
                "barriers",
                {"de": "Was noch nicht barrierefrei ist", "en": "What is not accessible yet"},
                {
                    "de": (
                        "- **PDF-Dateien:** Die Informationsmaterialien kommen vom "
                        "Willkommenszentrum und von Partnern. Noch nicht alle sind auf "
                        "Barrierefreiheit geprüft.\n"
                        "- **Gebärdensprache:** Das Video in Deutscher Gebärdensprache wird "
                        "vorbereitet. Bis dahin gibt es den Text in Leichter Sprache.\n"
                        "- **Übersetzungen:** Noch nicht alle Texte sind in alle Sprachen "
                        "übersetzt. Dann zeigen wir den englischen oder den deutschen Text und "
                        "sagen das dazu. Noch nicht alle Übersetzungen sind von Menschen "
                        "geprüft, deren Muttersprache es ist.\n"
                        "- **Silbentrennung:** Auf schmalen Bildschirmen brechen lange Wörter "
                        "um, in manchen Browsern ohne Trennstrich."
                    ),
                    "en": (
                        "- **PDF files:** The information materials come from the Welcome "
                        "Centre and from partners. Not all of them have been checked for "
                        "accessibility yet.\n"
                        "- **Sign language:** The video in German Sign Language is being "
                        "prepared. Until then, the text in easy-to-read German is there.\n"
                        "- **Translations:** Not all texts are translated into every language "
                        "yet. Then we show the English or the German text and say so. Not all "
                        "translations have been checked by native speakers yet.\n"
                        "- **Hyphenation:** On narrow screens, long words break onto the next "
                        "line, in some browsers without a hyphen."
                    ),
                },
            ),
            _section(
                "assessment",
                {"de": "Wie wir das geprüft haben", "en": "How we checked this"},
                {
                    "de": (
                        "Diese Erklärung wurde am 25. November 2026 erstellt. Sie beruht auf "
                        "einer Selbstbewertung: automatische Prüfungen mit dem Werkzeug "
                        "axe-core im Browser Chromium auf allen Arten von Seiten, auf Deutsch, "
                        "Englisch und Arabisch, bei 1280 und bei 320 Pixeln Breite; dazu "
                        "Prüfungen mit der Tastatur, mit 200 % Textgröße und des Ausdrucks. "
                        "Eine Prüfung durch eine unabhängige Stelle gab es noch nicht."
                    ),
                    "en": (
                        "This statement was prepared on 25 November 2026. It is based on a "
                        "self-assessment: automatic checks with the axe-core tool in the "
                        "Chromium browser on every kind of page, in German, English and Arabic, "
                        "at 1280 and at 320 pixels wide; and checks with the keyboard, with "
                        "text at 200 % and of printing. There has been no assessment by an "
                        "independent body yet."
                    ),
                },
            ),
            _section(
                "enforcement",
                {"de": "Durchsetzungsverfahren", "en": "Enforcement procedure"},
                {
                    "de": (
                        "Haben Sie uns eine Barriere gemeldet und keine Antwort bekommen? Oder "
                        "sind Sie mit der Antwort nicht zufrieden? Dann können Sie sich an die "
                        "Durchsetzungsstelle des Freistaates Sachsen nach dem "
                        "Barrierefreie-Websites-Gesetz (BfWebG) wenden. Das Verfahren ist für "
                        "Sie kostenlos."
                    ),
                    "en": (
                        "Have you reported a barrier to us and received no answer? Or are you "
                        "not satisfied with the answer? Then you can turn to the enforcement "
                        "body of the Free State of Saxony under the Saxon law on accessible "
                        "websites (BfWebG). The procedure is free of charge for you."
                    ),
                },
            ),
            _section(
                "enforcement-contact",
                {"de": "Kontakt der Durchsetzungsstelle", "en": "Contact of the enforcement body"},
                placeholder=(
                    "Die aktuelle Anschrift, E-Mail-Adresse und Website der "
                    "Durchsetzungsstelle des Freistaates Sachsen (BfWebG)."
                ),
            ),
        ],
    },
    {
        "kind": "easy_language",
        "title": {"de": "Leichte Sprache"},
        "intro": {
            "de": (
                "Hier erklären wir das Willkommens·zentrum Leipzig in Leichter Sprache.\n\n"
                "Und wir erklären diese Website."
            )
        },
        "sections": EASY_LANGUAGE_SECTIONS,
    },
    {
        "kind": "sign_language",
        "title": {"de": "Deutsche Gebärdensprache (DGS)", "en": "German Sign Language (DGS)"},
        "intro": {
            "de": (
                "In diesem Video erklären wir in Deutscher Gebärdensprache, was das "
                "Willkommenszentrum Leipzig anbietet und wie Sie sich auf dieser Website "
                "zurechtfinden."
            ),
            "en": (
                "In this video we explain in German Sign Language what the Welcome Centre "
                "Leipzig offers and how to find your way around this website."
            ),
        },
        "sections": [],
    },
]

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


def _add(texts: dict[str, str], lang: str, text: str | None) -> None:
    if text:
        texts[lang] = text


def seed() -> dict:
    """All of the above, with the other languages' texts from ``translations/<lang>.json``.

    Each JSON file mirrors the English texts by address name (see ``translations/README.md``).
    """
    data = copy.deepcopy(
        {
            "topics": TOPICS,
            "target_groups": TARGET_GROUPS,
            "partners": PARTNERS,
            "languages": LANGUAGES,
            "centre": CENTRE,
            "centre_profile": CENTRE_PROFILE,
            "legal_pages": LEGAL_PAGES,
        }
    )
    for path in sorted(TRANSLATIONS_DIR.glob("*.json")):
        lang = path.stem
        texts = json.loads(path.read_text(encoding="utf-8"))
        for kind, key in [("topics", "slug"), ("target_groups", "slug"), ("partners", "slug")]:
            for item in data[kind]:
                translated = texts.get(kind, {}).get(item[key], {})
                for name, value in translated.items():
                    if name not in ("offers", "reasons"):
                        _add(item[name], lang, value)
                if kind == "target_groups":
                    for step in item["topics"]:
                        _add(step["reason"], lang, translated.get("reasons", {}).get(step["slug"]))
                for offer, offer_texts in zip(
                    item.get("offers", []), translated.get("offers", []), strict=False
                ):
                    for name, value in offer_texts.items():
                        _add(offer[name], lang, value)
        for item in data["languages"]:
            _add(item["name"], lang, texts.get("languages", {}).get(item["code"], {}).get("name"))
        _add(data["centre"]["name"], lang, texts.get("centre", {}).get("name"))
        for name, value in texts.get("centre_profile", {}).items():
            _add(data["centre_profile"][name], lang, value)
        for page in data["legal_pages"]:
            translated = texts.get("legal_pages", {}).get(page["kind"], {})
            for name in ("title", "intro"):
                _add(page[name], lang, translated.get(name))
            for section in page["sections"]:
                for name, value in translated.get("sections", {}).get(section["key"], {}).items():
                    _add(section[name], lang, value)
    return data


def english_texts() -> dict:
    """The English texts in the shape of a ``translations/<lang>.json`` file: the template for
    translators (``python -m wzl_site.content > en.json``)."""
    return {
        "topics": {
            t["slug"]: {k: t[k]["en"] for k in ("title", "summary", "body")} for t in TOPICS
        },
        "target_groups": {
            g["slug"]: {
                **{k: g[k]["en"] for k in ("name", "label", "description")},
                "reasons": {step["slug"]: step["reason"]["en"] for step in g["topics"]},
            }
            for g in TARGET_GROUPS
        },
        "partners": {
            p["slug"]: {
                "name": p["name"]["en"],
                "description": p["description"]["en"],
                "offers": [
                    {"title": o["title"]["en"], "description": o["description"]["en"]}
                    for o in p["offers"]
                ],
            }
            for p in PARTNERS
        },
        "languages": {lang["code"]: {"name": lang["name"]["en"]} for lang in LANGUAGES},
        "centre": {"name": CENTRE["name"]["en"]},
        "centre_profile": {name: text["en"] for name, text in CENTRE_PROFILE.items()},
        "legal_pages": {
            page["kind"]: {
                **{name: page[name]["en"] for name in ("title", "intro") if "en" in page[name]},
                "sections": {
                    section["key"]: {
                        name: section[name]["en"]
                        for name in ("heading", "body")
                        if "en" in section[name]
                    }
                    for section in page["sections"]
                    if "en" in section["heading"]
                },
            }
            for page in LEGAL_PAGES
            if page["kind"] not in GERMAN_ONLY_PAGES
        },
    }


if __name__ == "__main__":
    print(json.dumps(english_texts(), ensure_ascii=False, indent=2))
