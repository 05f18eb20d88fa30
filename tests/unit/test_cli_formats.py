"""`facilitator export --format` offers exactly the formats the exporter can write."""

from facilitator import cli
from facilitator.reports.exports import FORMATS


def test_the_command_line_offers_every_export_format_and_no_other():
    assert sorted(cli.EXPORT_FORMATS) == sorted(FORMATS)
