"""measures/api/serializers.py: the hand-written rows of the nested lists are DRF's own output."""

from datetime import date

import pytest
from rest_framework import serializers

from measures.api.serializers import MeilensteinSerializer, ZustaendigkeitSerializer
from measures.choices import Seite
from measures.models import Meilenstein, Zustaendigkeit
from tests import builders as b

pytestmark = pytest.mark.django_db


def _wie_drf(serializer, objekt):
    """What DRF's field-by-field ModelSerializer makes of the object."""
    return serializers.ModelSerializer.to_representation(serializer, objekt)


def test_zustaendigkeiten_as_drf_writes_them():
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.2")
    m = b.massnahme(b.teilziel(hf, 1), "a")
    b.zustaendigkeit(m, b.akteur("Amt <A> & Co"), federfuehrend=True, hinweis="mit „Hinweis“")
    b.zustaendigkeit(m, b.akteur("Verein B", seite=Seite.EXTERN))
    serializer = ZustaendigkeitSerializer()
    zeilen = list(Zustaendigkeit.objects.select_related("akteur").order_by("pk"))
    assert len(zeilen) == 2
    for z in zeilen:
        assert serializer.to_representation(z) == _wie_drf(serializer, z)
        assert list(serializer.to_representation(z)) == ZustaendigkeitSerializer.Meta.fields


def test_meilensteine_as_drf_writes_them():
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.2")
    m = b.massnahme(b.teilziel(hf, 1), "a")
    Meilenstein.objects.create(massnahme=m, titel="offen", faellig_am=date(2026, 3, 1))
    Meilenstein.objects.create(
        massnahme=m,
        titel="erledigt",
        faellig_am=date(2026, 3, 1),
        erledigt_am=date(2026, 2, 27),
        notiz="früher fertig",
    )
    serializer = MeilensteinSerializer()
    zeilen = list(Meilenstein.objects.order_by("pk"))
    assert len(zeilen) == 2
    for ms in zeilen:
        assert serializer.to_representation(ms) == _wie_drf(serializer, ms)
        assert list(serializer.to_representation(ms)) == MeilensteinSerializer.Meta.fields


@pytest.mark.parametrize("rolle", ["anonym", "buero"])
def test_massnahmen_as_drf_writes_them(personen, rolle):
    from django.contrib.auth.models import AnonymousUser

    from measures.api.serializers import MassnahmeSerializer
    from measures.api.views import massnahmen_mit_details
    from measures.choices import Ampel, Status

    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.2")
    tz = b.teilziel(hf, 1)
    a = b.massnahme(
        tz,
        "a",
        text="Mit <Zeichen> & „Anführung“",
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.KRITISCH,
        fortschritt=40,
        beginn=date(2025, 1, 15),
        zieldatum=date(2025, 12, 31),
        interne_notiz="nur intern",
    )
    b.zustaendigkeit(a, personen.akteur_a, federfuehrend=True, hinweis="Hinweis")
    Meilenstein.objects.create(massnahme=a, titel="offen", faellig_am=date(2025, 3, 1))
    b.massnahme(tz, "b")
    user = personen.buero if rolle == "buero" else AnonymousUser()
    serializer = MassnahmeSerializer(context={})
    zeilen = list(massnahmen_mit_details(user).order_by("kennung"))
    assert len(zeilen) == 2
    for m in zeilen:
        darstellung = serializer.to_representation(m)
        assert darstellung == _wie_drf(serializer, m)
        assert list(darstellung) == MassnahmeSerializer.Meta.fields
    assert serializer.to_representation(zeilen[0])["interne_notiz"] == (
        "nur intern" if rolle == "buero" else None
    )
    assert serializer.to_representation(zeilen[0])["ueberfaellig"] is True
