"""What happened in carrying out the plan, for the apps above that react to it.

``measures`` may not import the apps above it (tests/test_schichten.py), yet the partner hears of
an approval and the Büro of a new submission (issue 14). The services send these signals; the
notification app connects to them. Each is sent inside the service's transaction: a receiver
that sends mail goes through ``versand.mail.einreihen``, which waits for the commit.
"""

from django.dispatch import Signal

# sender=Sachstand, sachstand=<Sachstand>: a new one waits for review.
sachstand_eingereicht = Signal()
# sender=Sachstand, sachstand=<Sachstand>: approved or returned (see its pruefstatus).
sachstand_geprueft = Signal()
# sender=Berichtsrunde, runde=<Berichtsrunde>: the round is open, its Anfragen exist.
berichtsrunde_geoeffnet = Signal()
# sender=Berichtsrunde, runde=<Berichtsrunde>: the round is closed, its Berichtsstände exist
# (berichte renders its reports and tells the Bürgerschaft).
berichtsrunde_geschlossen = Signal()
