"""Reports for commissioners, and the other exports (Markdown, CSV, JSON).

    context.py         what a report contains, read from the database (plain Python)
    markup.py          untrusted Markdown → safe HTML (nh3), untrusted text → inert Markdown
    html.py            the report as HTML (templates/report/)
    fetcher.py         the only URLs the PDF renderer may load
    pdf.py, pdf_worker.py   PDF in a child process with time and memory limits
    markdown_report.py, csv_export.py, json_io.py   the other formats; JSON also imports
    exports.py         file names and writing, shared by the console and the CLI
    privacy.py         notes that look like they hold personal details, and redaction
    cover.py           the report's cover details (partners, facilitator, prepared for)

Nothing here imports Flask or WeasyPrint at import time except pdf_worker.py (and
fetcher.py, which only the worker uses), so the live server never loads the renderer.
"""
