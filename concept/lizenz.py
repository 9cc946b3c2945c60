"""The licence of every piece of open data the portal gives out, defined once.

Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-by-de/2.0): anyone may use, change and
pass on the data, also commercially, if they name the source. It lives in ``concept``, the lowest
layer, because downloads of ``measures`` and ``monitoring``, the API, the OpenAPI info
(settings.py) and the DCAT catalogue of ``portal`` all state it. Plain constants without Django
imports, so settings.py may import them.
"""

KENNUNG = "dl-by-de/2.0"
NAME = "Datenlizenz Deutschland – Namensnennung – Version 2.0"
# The IRI of the licence in the DCAT-AP.de vocabulary (what harvesters such as GovData compare).
URI = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
# The licence text for people.
TEXT_URL = "https://www.govdata.de/dl-de/by-2-0"
# The attribution the licence asks for (DCAT-AP.de: dcatde:licenseAttributionByText).
NAMENSNENNUNG = "Hanse- und Universitätsstadt Rostock, Büro für Integration"


def lizenz_json():
    """The licence as JSON responses and files carry it (key ``"lizenz"``)."""
    return {
        "kennung": KENNUNG,
        "name": NAME,
        "uri": URI,
        "text": TEXT_URL,
        "namensnennung": NAMENSNENNUNG,
    }


def link_kopf():
    """An HTTP ``Link`` header value naming the licence (RFC 8288, rel="license").

    CSV has no place for metadata that pandas and Excel would both skip, so a download names its
    licence here (and in the metadata file of the zip) instead of in a comment line.
    """
    return f'<{TEXT_URL}>; rel="license"; title="{KENNUNG}"'


def lizenz_text():
    """Plain text for the metadata file of downloads (LIZENZ.txt in the zip)."""
    return (
        f"Lizenz: {NAME} ({KENNUNG})\n"
        f"Lizenztext: {TEXT_URL}\n"
        f"Lizenz-URI: {URI}\n"
        f"Namensnennung: {NAMENSNENNUNG}\n"
    )
