"""For tests outside tests/berichte that download a report: what the worker would do between
the first request ("wird erstellt", 202) and the page's refresh."""


def bericht_holen(client, url, daten=None, **extra):
    """GET a report; if it is being made, render the waiting ones (the worker) and GET again."""
    from berichte.models import Berichtsdatei, DateiStatus
    from berichte.tasks import bericht_erstellen

    antwort = client.get(url, daten, **extra)
    if antwort.status_code != 202:
        return antwort
    for datei_id in Berichtsdatei.objects.filter(status=DateiStatus.WARTET).values_list(
        "pk", flat=True
    ):
        bericht_erstellen.call(datei_id)
    return client.get(url, daten, **extra)
