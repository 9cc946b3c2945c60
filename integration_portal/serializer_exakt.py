"""Django's JSON serialization with timestamps to the microsecond.

``DjangoJSONEncoder`` cuts datetimes to milliseconds (as ECMAScript does); a backup must give
back the history's timestamps exactly. Reading needs nothing special: Django's JSON
deserializer parses the longer timestamps, so a dump written with this format is restored by
``loaddata`` as plain JSON.
"""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder  # noqa: F401
from django.core.serializers.json import Serializer as JsonSerializer


class ExakterEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JsonSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExakterEncoder
