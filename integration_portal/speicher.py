"""File storage whose folder is a setting read at the moment of use, not at import.

A storage given to a FileField is built once, when the model class is; tests (and deployments
that set the folder in the environment) change the setting afterwards. Used for the Sachstände's
attachments (``ANHANG_ROOT``) and the rendered reports (``BERICHT_ROOT``): both outside every
served folder, handed out only by views that check who may see them.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class OrdnerAusEinstellung(FileSystemStorage):
    def __init__(self, einstellung, **kwargs):
        super().__init__(**kwargs)
        self.einstellung = einstellung

    @property
    def base_location(self):
        return self._value_or_setting(self._location, getattr(settings, self.einstellung))

    @property
    def location(self):
        return os.path.abspath(self.base_location)
