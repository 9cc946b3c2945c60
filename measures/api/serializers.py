"""Serializers of the measures API: stable public identifiers beside database ids."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from concept.models import BestPracticeBeispiel, Handlungsfeld, Teilziel
from measures import sachstand_zusaetze
from measures.models import (
    Akteur,
    Berichtsrunde,
    Massnahme,
    Meilenstein,
    Sachstand,
    Zustaendigkeit,
)
from measures.rollup import gerundet


class AkteurSerializer(serializers.ModelSerializer):
    class Meta:
        model = Akteur
        fields = ["id", "slug", "name", "kurzname", "seite", "art"]


class ZustaendigkeitSerializer(serializers.ModelSerializer):
    akteur = serializers.CharField(source="akteur.name")
    akteur_slug = serializers.CharField(source="akteur.slug")

    class Meta:
        model = Zustaendigkeit
        fields = ["akteur", "akteur_slug", "seite", "federfuehrend", "hinweis"]

    def to_representation(self, zustaendigkeit):
        # Every measure lists its Akteure: DRF's field-by-field way cost more than the rest of
        # the row. The same dict (tests/api/test_darstellung.py compares it with DRF's).
        akteur = zustaendigkeit.akteur
        return {
            "akteur": akteur.name,
            "akteur_slug": akteur.slug,
            "seite": zustaendigkeit.seite,
            "federfuehrend": zustaendigkeit.federfuehrend,
            "hinweis": zustaendigkeit.hinweis,
        }


class MeilensteinSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meilenstein
        fields = ["id", "titel", "faellig_am", "erledigt_am", "notiz"]
        read_only_fields = fields

    def to_representation(self, meilenstein):
        # Per row of every measure, as for the Zuständigkeiten; dates as DRF writes them (ISO).
        return {
            "id": meilenstein.id,
            "titel": meilenstein.titel,
            "faellig_am": _datum(meilenstein.faellig_am),
            "erledigt_am": _datum(meilenstein.erledigt_am),
            "notiz": meilenstein.notiz,
        }


def _text(wert):
    """A value as serializers.CharField writes it."""
    return None if wert is None else str(wert)


def _oder_none(feld, wert):
    """What Serializer.to_representation writes for a field: None stays None."""
    return None if wert is None else feld.to_representation(wert)


def _datum(wert):
    """A date as serializers.DateField writes it (DRF's default ISO 8601 format)."""
    if not wert:
        return None
    return wert if isinstance(wert, str) else wert.isoformat()


def _vorab(objekt, name):
    """The rows of ``name`` as the views prefetch them: the list ``<name>_liste`` (to_attr,
    measures/api/views.py ``massnahmen_mit_details``), else the (prefetched) manager."""
    liste = getattr(objekt, f"{name}_liste", None)
    return getattr(objekt, name).all() if liste is None else liste


class MassnahmeSerializer(serializers.ModelSerializer):
    kennung = serializers.CharField(source="oeffentliche_kennung", read_only=True)
    buchstabe = serializers.CharField(source="kennung", read_only=True)
    referenz = serializers.CharField(read_only=True)
    handlungsfeld = serializers.CharField(source="teilziel.handlungsfeld.nummer", read_only=True)
    teilziel = serializers.CharField(source="teilziel.kennung", read_only=True)
    zustaendigkeiten = ZustaendigkeitSerializer(many=True, read_only=True)
    interne_notiz = serializers.SerializerMethodField()
    # Lateness beside the status (issue 15): the queryset's annotation (``mit_verzug``).
    ueberfaellig = serializers.SerializerMethodField()
    meilensteine = MeilensteinSerializer(many=True, read_only=True)

    class Meta:
        model = Massnahme
        fields = [
            "id",
            "kennung",
            "referenz",
            "handlungsfeld",
            "teilziel",
            "buchstabe",
            "text",
            "status",
            "ampel",
            "fortschritt",
            "beginn",
            "zieldatum",
            "geaendert_am",
            "zustaendigkeiten",
            "interne_notiz",
            "ueberfaellig",
            "meilensteine",
        ]

    def to_representation(self, massnahme):
        # 50 rows a page, every measure of a Handlungsfeld in its detail: DRF's field-by-field
        # way was most of the serializer's time. The same dict (tests/api/test_darstellung.py
        # compares it with DRF's); dates, choices and the nested lists through DRF's own fields.
        felder = self.fields
        teilziel = massnahme.teilziel
        return {
            "id": massnahme.id,
            "kennung": _text(massnahme.oeffentliche_kennung),
            "referenz": _text(massnahme.referenz),
            "handlungsfeld": _text(teilziel.handlungsfeld.nummer),
            "teilziel": _text(teilziel.kennung),
            "buchstabe": _text(massnahme.kennung),
            "text": _text(massnahme.text),
            "status": felder["status"].to_representation(massnahme.status),
            "ampel": felder["ampel"].to_representation(massnahme.ampel),
            "fortschritt": None if massnahme.fortschritt is None else int(massnahme.fortschritt),
            "beginn": _datum(massnahme.beginn),
            "zieldatum": _datum(massnahme.zieldatum),
            "geaendert_am": _oder_none(felder["geaendert_am"], massnahme.geaendert_am),
            "zustaendigkeiten": felder["zustaendigkeiten"].to_representation(
                _vorab(massnahme, "zustaendigkeiten")
            ),
            "interne_notiz": self.get_interne_notiz(massnahme),
            "ueberfaellig": self.get_ueberfaellig(massnahme),
            "meilensteine": felder["meilensteine"].to_representation(
                _vorab(massnahme, "meilensteine")
            ),
        }

    def get_ueberfaellig(self, massnahme) -> bool:
        """Target date or a milestone missed and not done (``MassnahmeQuerySet.mit_verzug``)."""
        return bool(getattr(massnahme, "ist_ueberfaellig", False))

    def get_interne_notiz(self, massnahme) -> str | None:
        """The internal note only for those allowed to see it (DESIGN.md roles); else null.

        The views annotate the rule in their query (``permissions.mit_rechten``); a Maßnahme
        without the annotation shows no note.
        """
        if getattr(massnahme, "interne_notiz_sichtbar", False):
            return massnahme.interne_notiz
        return None


class TeilzielSerializer(serializers.ModelSerializer):
    kennung = serializers.CharField(read_only=True)
    handlungsfeld = serializers.CharField(source="handlungsfeld.nummer", read_only=True)
    fortschritt = serializers.SerializerMethodField()

    class Meta:
        model = Teilziel
        fields = ["id", "kennung", "handlungsfeld", "nummer", "text", "erlaeuterung", "fortschritt"]

    def get_fortschritt(self, teilziel) -> float | None:
        return gerundet(getattr(teilziel, "fortschritt", None))


class TeilzielMitMassnahmenSerializer(TeilzielSerializer):
    # The list the Handlungsfeld detail prefetches (to_attr, HandlungsfeldViewSet).
    massnahmen = MassnahmeSerializer(many=True, read_only=True, source="massnahmen_liste")

    class Meta(TeilzielSerializer.Meta):
        fields = [*TeilzielSerializer.Meta.fields, "massnahmen"]


class BestPracticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = BestPracticeBeispiel
        fields = ["titel", "text"]


class HandlungsfeldSerializer(serializers.ModelSerializer):
    kapitel = serializers.SerializerMethodField()
    # Null for a Handlungsfeld without goals of its own (5.2).
    leitziel = serializers.CharField(
        source="leitziel.text", read_only=True, default=None, allow_null=True
    )
    fortschritt = serializers.SerializerMethodField()

    class Meta:
        model = Handlungsfeld
        fields = ["id", "nummer", "titel", "kapitel", "schwerpunktthema", "leitziel", "fortschritt"]

    def get_kapitel(self, handlungsfeld) -> str:
        return str(handlungsfeld.kapitel)

    def get_fortschritt(self, handlungsfeld) -> float | None:
        return gerundet(getattr(handlungsfeld, "fortschritt", None))


class HandlungsfeldDetailSerializer(HandlungsfeldSerializer):
    teilziele = TeilzielMitMassnahmenSerializer(many=True, read_only=True)
    best_practice = BestPracticeSerializer(many=True, read_only=True)
    verweise = serializers.SlugRelatedField(many=True, read_only=True, slug_field="nummer")

    class Meta(HandlungsfeldSerializer.Meta):
        fields = [
            *HandlungsfeldSerializer.Meta.fields,
            "einleitung",
            "teilziele",
            "best_practice",
            "verweise",
        ]


class BerichtsrundeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Berichtsrunde
        fields = [
            "id",
            "titel",
            "stichtag",
            "faellig_am",
            "status",
            "geoeffnet_am",
            "geschlossen_am",
        ]


@extend_schema_field(OpenApiTypes.STR)
class MassnahmeKennungField(serializers.RelatedField):
    """A Maßnahme named by its public identifier (``5.2-1a``), in and out."""

    default_error_messages = {
        "unbekannt": _("Es gibt keine Maßnahme mit der Kennung „{kennung}“."),
        "typ": _("Die Kennung muss eine Zeichenkette wie „5.2-1a“ sein."),
    }

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("typ")
        massnahme = self.get_queryset().nach_kennung(data).first()
        if massnahme is None:
            self.fail("unbekannt", kennung=data)
        return massnahme

    def to_representation(self, value):
        return value.oeffentliche_kennung


class SachstandSerializer(serializers.ModelSerializer):
    massnahme = MassnahmeKennungField(
        # With the Konzept: the Sachstand's date check needs its adoption date (sachstaende.py).
        queryset=Massnahme.objects.im_aktuellen_konzept().select_related(
            "teilziel__handlungsfeld__konzept"
        )
    )
    akteur = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Akteur.objects.all(),
        required=False,
        help_text=_(
            "Für welchen Akteur gemeldet wird (Kurz-URL). Entfällt, wenn das Konto nur "
            "einem zuständigen Akteur angehört."
        ),
    )
    berichtsrunde = serializers.PrimaryKeyRelatedField(
        queryset=Berichtsrunde.objects.all(), required=False, allow_null=True
    )
    # Range and length: the model field's own validators (the form's German words), not DRF's
    # copies; the date rules run in the service (Sachstand.clean_fields via full_clean).
    fortschritt = serializers.IntegerField(
        validators=Sachstand._meta.get_field("fortschritt").validators,
        help_text=_("Fortschritt in Prozent, 0 bis 100."),
    )
    text = serializers.CharField(
        validators=Sachstand._meta.get_field("text").validators,
        help_text=_("Der Sachstand als Text."),
    )
    # Checked in the service like the page's entries (measures/meilenstein_meldungen.py).
    meilenstein_meldungen = serializers.JSONField(
        required=False,
        help_text=_(
            "Optional: Meldungen zu Meilensteinen der Maßnahme, eine Liste aus "
            '{"meilenstein": <id>, "erledigt_am": "JJJJ-MM-TT"} (erledigt) und '
            '{"titel": "…", "faellig_am": "JJJJ-MM-TT"} (neu vorgeschlagen). Wirksam erst '
            "mit der Freigabe durch das Büro."
        ),
    )

    class Meta:
        model = Sachstand
        fields = [
            "id",
            "massnahme",
            "akteur",
            "berichtsrunde",
            "datum",
            "status",
            "ampel",
            "fortschritt",
            "text",
            "meilenstein_meldungen",
            "pruefstatus",
            "eingereicht_am",
            "geprueft_am",
        ]
        read_only_fields = ["pruefstatus", "eingereicht_am", "geprueft_am"]

    def get_fields(self):
        # The figures of the apps above (measures/sachstand_zusaetze.py), e.g. "leistungen":
        # registered in their ready(), so added here rather than declared. Checked in the
        # service like the page's entries; only accepted, not shown (the Büro reviews them).
        felder = super().get_fields()
        for feld, hilfe in sachstand_zusaetze.api_beschreibungen().items():
            felder[feld] = serializers.JSONField(required=False, write_only=True, help_text=hilfe)
        return felder
