"""Reports of the assessment: one self-contained HTML file with inline SVG charts."""

from keyparts.report.html import render_report

__all__ = ["render_report"]
