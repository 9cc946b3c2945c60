"""A real nginx (Debian's package) as the reverse proxy in front of the portal, for tests.

Started on loopback with a configuration of its own in a temporary directory (nothing of the
machine's nginx is read or touched), proxying to one or more upstream ports and appending the
client's address to ``X-Forwarded-For`` as a production nginx does. Used by the ops test
``tests/ops/test_hinter_nginx.py`` and the load test's proxy phase.
"""

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

KONFIGURATION = """
worker_processes {worker};
pid {ordner}/nginx.pid;
error_log {ordner}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {ordner}/body;
    proxy_temp_path {ordner}/proxy;
    fastcgi_temp_path {ordner}/fastcgi;
    uwsgi_temp_path {ordner}/uwsgi;
    scgi_temp_path {ordner}/scgi;
    limit_req_zone $binary_remote_addr zone=berichte:10m rate=60r/m;
    upstream portal {{
{server}
        keepalive 32;
    }}
    server {{
        listen {host}:{port};
        location / {{
{proxy}        }}
        # As README "Betrieb": reports limited per client by nginx itself.
        location /berichte/ {{
            limit_req zone=berichte burst=20 nodelay;
            limit_req_status 429;
{proxy}        }}
    }}
}}
"""

# What every location passes on to gunicorn.
PROXY = """            proxy_pass http://portal;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            # The client's address appended to what the client sent (which may be forged):
            # the portal trusts only the last entry (TRUSTED_PROXY_COUNT=1).
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 120s;
            # Large answers (PDFs) stay in memory: as root, nginx's workers run as nobody and
            # could not write temporary files below our directory.
            proxy_max_temp_file_size 0;
"""


def nginx_programm():
    """The nginx binary, or None (Debian installs it to /usr/sbin, not always on PATH)."""
    gefunden = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    return gefunden


class Nginx:
    """``with Nginx(port, [upstream ports]) as proxy:`` — nginx runs inside the block."""

    def __init__(self, port, upstreams, host="127.0.0.1", worker=1):
        self.programm = nginx_programm()
        if self.programm is None:
            raise RuntimeError("nginx fehlt (apt-get install nginx-light)")
        self.host, self.port, self.upstreams, self.worker = host, port, upstreams, worker
        self.ordner = Path(tempfile.mkdtemp(prefix="portal-nginx-"))
        self.ordner.chmod(0o755)  # nginx's workers (nobody, when started as root) look inside
        self.prozess = None

    def konfiguration(self):
        server = "\n".join(f"        server {self.host}:{p};" for p in self.upstreams)
        return KONFIGURATION.format(
            worker=self.worker,
            ordner=self.ordner,
            server=server,
            host=self.host,
            port=self.port,
            proxy=PROXY,
        )

    def starten(self, frist=10):
        datei = self.ordner / "nginx.conf"
        datei.write_text(self.konfiguration())
        befehl = [self.programm, "-p", str(self.ordner), "-c", str(datei), "-e", "stderr"]
        subprocess.run([*befehl, "-t", "-q"], check=True, capture_output=True)
        self.prozess = subprocess.Popen(
            [*befehl, "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=open(self.ordner / "stderr.log", "w"),  # noqa: SIM115 - lives with nginx
            start_new_session=True,
        )
        ende = time.monotonic() + frist
        while True:
            try:
                with socket.create_connection((self.host, self.port), timeout=1):
                    return self
            except OSError:
                if self.prozess.poll() is not None or time.monotonic() > ende:
                    fehler = (self.ordner / "stderr.log").read_text()
                    self.stoppen()
                    raise RuntimeError(f"nginx startet nicht: {fehler}") from None
                time.sleep(0.05)

    def stoppen(self):
        if self.prozess is not None and self.prozess.poll() is None:
            self.prozess.terminate()  # SIGTERM: nginx's fast shutdown
            try:
                self.prozess.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.prozess.kill()
                self.prozess.wait()
        shutil.rmtree(self.ordner, ignore_errors=True)

    def __enter__(self):
        return self.starten()

    def __exit__(self, *exc):
        self.stoppen()
