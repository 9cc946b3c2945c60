"""Serializers of the monitoring API. Writes go through monitoring/importing.py, so the API
checks a value exactly as the CSV import and the admin upload do."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from monitoring.choices import Genauigkeit, Messstatus
from monitoring.models import Indikator, Messwert, paare


class IndikatorSerializer(serializers.ModelSerializer):
    verantwortlich = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    handlungsfelder = serializers.SlugRelatedField(slug_field="nummer", many=True, read_only=True)
    teilziele = serializers.SlugRelatedField(slug_field="kennung", many=True, read_only=True)
    letzter_wert = serializers.DecimalField(
        max_digits=19, decimal_places=4, read_only=True, normalize_output=True, allow_null=True
    )
    letztes_datum = serializers.DateField(read_only=True, allow_null=True)
    zielwert = serializers.DecimalField(
        max_digits=19, decimal_places=4, read_only=True, normalize_output=True, allow_null=True
    )

    class Meta:
        model = Indikator
        fields = [
            "id",
            "kennung",
            "name",
            "kurzdefinition",
            "methode",
            "einheit",
            "einheit_bezeichnung",
            "datenquelle",
            "verantwortlich",
            "handlungsfelder",
            "teilziele",
            "richtung",
            "zielwert",
            "zieljahr",
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
    }
