"""Serializers of the monitoring API. Writes go through monitoring/importing.py, so the API
checks a value exactly as the CSV import and the admin upload do."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from monitoring.choices import Genauigkeit, Messstatus
from monitoring.models import Indikator, Messwert, Vergleichswert, Wirkung, Zielwert, paare


class WirkungSerializer(serializers.ModelSerializer):
    """A Maßnahme an Ergebnis/Leistung indicator is tied to, and which way it should move it."""

    massnahme = serializers.CharField(
        source="massnahme.oeffentliche_kennung",
        read_only=True,
        help_text="Kennung der Maßnahme, z. B. „5.2-1a“.",
    )

    class Meta:
        model = Wirkung
        fields = ["massnahme", "richtung"]


class ZielSerializer(serializers.ModelSerializer):
    wert = serializers.DecimalField(max_digits=19, decimal_places=4, normalize_output=True)

    class Meta:
        model = Zielwert
        fields = ["jahr", "wert", "anmerkung"]


class IndikatorSerializer(serializers.ModelSerializer):
    verantwortlich = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    handlungsfelder = serializers.SlugRelatedField(slug_field="nummer", many=True, read_only=True)
    teilziele = serializers.SlugRelatedField(slug_field="kennung", many=True, read_only=True)
    letzter_wert = serializers.DecimalField(
        max_digits=19, decimal_places=4, read_only=True, normalize_output=True, allow_null=True
    )
    letztes_datum = serializers.DateField(read_only=True, allow_null=True)
    ziele = ZielSerializer(many=True, read_only=True)
    # Ergebnis/Leistung: the measures meant to move it (Kontext indicators have none).
    wirkungen = WirkungSerializer(many=True, read_only=True)

    class Meta:
        model = Indikator
        fields = [
            "id",
            "kennung",
            "name",
            "art",
            "wirkungen",
            "kurzdefinition",
            "methode",
            "einheit",
            "einheit_bezeichnung",
            "datenquelle",
            "verantwortlich",
            "vorschlag",
            "kommunal_verfuegbar",
            "rhythmus",
            "naechste_lieferung",
            "mindestfallzahl",
            "handlungsfelder",
            "teilziele",
            "richtung",
            "ziele",
            "oeffentlich",
            "hinweise",
            "letzter_wert",
            "letztes_datum",
        ]


class AufschluesselungField(serializers.DictField):
    """``{"geschlecht": "weiblich"}`` in and out; stored as the key ``geschlecht=weiblich``."""

    def to_representation(self, value):
        return dict(paare(value))


class MesswertSerializer(serializers.ModelSerializer):
    """A Messwert; ``aufschluesselung`` maps dimension to Ausprägung (empty for the total)."""

    indikator = serializers.SlugRelatedField(slug_field="kennung", queryset=Indikator.objects.all())
    datum = serializers.CharField(
        help_text="Jahr (2019), Monat (2019-12) oder Stichtag (2019-07-01)."
    )
    aufschluesselung = AufschluesselungField(
        child=serializers.CharField(), required=False, default=dict
    )
    # null only in answers (a suppressed value, see ``gesperrt``); a write needs a value.
    wert = serializers.DecimalField(
        max_digits=19, decimal_places=4, normalize_output=True, allow_null=True
    )
    # Small-number protection (monitoring/geheimhaltung.py): a suppressed value is null here,
    # for every reader and token; the Büro sees the true value in the admin.
    gesperrt = serializers.BooleanField(read_only=True, default=False)
    genauigkeit = serializers.ChoiceField(choices=Genauigkeit.choices, required=False)
    status = serializers.ChoiceField(choices=Messstatus.choices, required=False)
    # Written by the Büro, never read back: the case count is what small-number protection
    # hides (monitoring/geheimhaltung.py); an answer must not carry it.
    fallzahl = serializers.IntegerField(
        min_value=0, max_value=2_147_483_647, required=False, allow_null=True, write_only=True
    )

    class Meta:
        model = Messwert
        fields = [
            "id",
            "indikator",
            "datum",
            "zeitart",
            "aufschluesselung",
            "wert",
            "gesperrt",
            "genauigkeit",
            "quelle",
            "status",
            "anmerkung",
            "fallzahl",
            "geaendert_am",
        ]
        read_only_fields = ["zeitart", "gesperrt", "geaendert_am"]
        # Uniqueness (indikator, datum, aufschluesselung) is checked by the import service.
        validators = []

    def validate_wert(self, wert):
        if wert is None:
            raise serializers.ValidationError(_("Der Wert fehlt."))
        return wert

    def to_representation(self, messwert):
        daten = super().to_representation(messwert)
        daten["datum"] = messwert.datum.isoformat()
        if getattr(messwert, "gesperrt", False):
            # Neither the value nor its case count may leave (wert is None on a marked object).
            daten["wert"] = None
            if "fallzahl" in daten:
                daten["fallzahl"] = None
        return daten


class VergleichswertSerializer(serializers.ModelSerializer):
    """A Land or Bund value beside the city's (read-only; the Büro enters them in the admin)."""

    indikator = serializers.SlugRelatedField(slug_field="kennung", read_only=True)
    aufschluesselung = AufschluesselungField(child=serializers.CharField(), read_only=True)
    wert = serializers.DecimalField(
        max_digits=19, decimal_places=4, normalize_output=True, read_only=True
    )

    class Meta:
        model = Vergleichswert
        fields = [
            "id",
            "indikator",
            "gebiet",
            "gebiet_name",
            "datum",
            "zeitart",
            "aufschluesselung",
            "wert",
            "quelle",
            "anmerkung",
        ]
        read_only_fields = fields


def als_importzeile(d):
    """Validated Messwert data as one entry of the import's JSON format."""
    return {
        "indikator": d["indikator"].kennung,
        "datum": d["datum"],
        "wert": str(d["wert"]),
        "genauigkeit": d.get("genauigkeit", ""),
        "quelle": d.get("quelle", ""),
        "status": d.get("status", ""),
        "anmerkung": d.get("anmerkung", ""),
        "aufschluesselung": d.get("aufschluesselung") or {},
        # Only when sent: an entry without it leaves a stored case count as it is.
        **({"fallzahl": d["fallzahl"]} if "fallzahl" in d else {}),
    }
