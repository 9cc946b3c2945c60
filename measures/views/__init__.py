"""Partner pages (measures/views/partner.py); the public pages live in the app ``portal``."""
