"""A tiny SMTP receiver for tests and benchmarks: accepts every mail and keeps it in memory.

Python 3.12 dropped ``smtpd`` and aiosmtpd is not a dependency; the few commands Django's SMTP
backend uses (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) fit on a screen. Loopback only.

    with SmtpSink() as sink:        # listens on 127.0.0.1, a free port: sink.port
        ...                         # settings EMAIL_HOST=127.0.0.1, EMAIL_PORT=sink.port
        sink.warten_auf(3)          # the three received messages (email.message.Message)
"""

import email
import email.policy
import socketserver
import threading
import time


class _Sitzung(socketserver.StreamRequestHandler):
    """One SMTP conversation; each mail's bytes go to the server's ``ablegen``."""

    def antworten(self, zeile):
        self.wfile.write(zeile.encode("ascii") + b"\r\n")

    def handle(self):
        self.antworten("220 smtp-sink ESMTP bereit")
        empfaenger = []
        while True:
            zeile = self.rfile.readline()
            if not zeile:
                return
            befehl = zeile.decode("ascii", "replace").strip()
            wort = befehl.split(" ", 1)[0].upper()
            if wort == "EHLO":
                self.wfile.write(b"250-smtp-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif wort in ("HELO", "NOOP"):
                self.antworten("250 OK")
            elif wort == "MAIL":
                empfaenger = []
                self.antworten("250 OK")
            elif wort == "RCPT":
                empfaenger.append(befehl.split(":", 1)[1].strip(" <>"))
                self.antworten("250 OK")
            elif wort == "RSET":
                empfaenger = []
                self.antworten("250 OK")
            elif wort == "DATA":
                self.antworten("354 Ende mit <CRLF>.<CRLF>")
                self.server.ablegen(self._daten(), empfaenger)
                self.antworten("250 OK angenommen")
            elif wort == "QUIT":
                self.antworten("221 Auf Wiedersehen")
                return
            else:
                self.antworten("502 unbekannter Befehl")

    def _daten(self):
        zeilen = []
        while True:
            zeile = self.rfile.readline()
            if zeile in (b".\r\n", b".\n", b""):
                return b"".join(zeilen).replace(b"\r\n", b"\n")
            if zeile.startswith(b".."):  # dot-stuffing (RFC 5321, 4.5.2)
                zeile = zeile[1:]
            zeilen.append(zeile)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, adresse):
        super().__init__(adresse, _Sitzung)
        self.nachrichten = []
        self.bedingung = threading.Condition()

    def ablegen(self, daten, empfaenger):
        nachricht = email.message_from_bytes(daten, policy=email.policy.default)
        nachricht["X-Sink-Empfaenger"] = ", ".join(empfaenger)
        with self.bedingung:
            self.nachrichten.append(nachricht)
            self.bedingung.notify_all()


class SmtpSink:
    """Listen on ``host`` (port 0: a free one) in a background thread while in the ``with``."""

    def __init__(self, host="127.0.0.1", port=0):
        self._server = _Server((host, port))
        self.host, self.port = self._server.server_address[:2]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    @property
    def nachrichten(self):
        with self._server.bedingung:
            return list(self._server.nachrichten)

    def warten_auf(self, anzahl, sekunden=30):
        """The received messages once there are at least ``anzahl`` (or after ``sekunden``)."""
        ende = time.monotonic() + sekunden
        with self._server.bedingung:
            while len(self._server.nachrichten) < anzahl:
                rest = ende - time.monotonic()
                if rest <= 0:
                    break
                self._server.bedingung.wait(rest)
            return list(self._server.nachrichten)
