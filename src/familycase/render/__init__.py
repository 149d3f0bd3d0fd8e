"""Renderers: text (and later markdown, HTML, SVG). Display only; nothing decides here."""
