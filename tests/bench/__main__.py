"""`make bench`: prints the speed and memory figures of the portal (never asserted in tests)."""

import os

import django


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_portal.settings")
    django.setup()
    from tests.bench import pages

    pages.run()
    from tests.bench import monitoring

    monitoring.run()
    from tests.bench import reports

    reports.run()


if __name__ == "__main__":
    main()
