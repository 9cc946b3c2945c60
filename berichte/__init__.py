"""PDF progress reports for the Bürgerschaft (Gesamt-, Handlungsfeld- and Akteur-Bericht).

``data`` collects what a report shows, ``render`` turns it into an accessible PDF (PDF/UA-1)
with WeasyPrint, ``cache`` keeps finished PDFs until the data change.
"""
