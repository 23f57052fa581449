"""Export an executed notebook to one self-contained HTML page with nbconvert and our `tsdl` template.

usage: export_html.py IN.ipynb OUT.html CONFIG_JSON

CONFIG_JSON: {"templates": dir holding the tsdl template, "title": page title,
              "libraries": {"vega": file, "vega-lite": file, "vega-embed": file, "plotly": file,
                            "jupyter-widgets": @jupyter-widgets/html-manager's embed.js},
              "footer": text under the chapter, "index_href": link back to the course index,
              "prev"/"next": {"href", "title"} of the neighbouring chapters, or null,
              "mathjax": MathJax 2's folder, for pages with TeX math}
Warnings (e.g. math left as TeX because MathJax is missing) are printed on stdout.
The page embeds each chart library once, and only when one of its outputs needs it; widgets are drawn
from the state saved in the notebook's metadata by @jupyter-widgets/html-manager, embedded the same way.
"""
import base64
import json
import os
import sys

import markupsafe
import nbformat
from traitlets.config import Config

from mathjax_bundle import DEFAULT_ROOT, has_math, mathjax_scripts
from nbconvert import HTMLExporter

VEGA_LITE = ("application/vnd.vegalite.v5+json", "application/vnd.vegalite.v4+json")
VEGA = ("application/vnd.vega.v5+json",)
PLOTLY = ("application/vnd.plotly.v1+json",)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def chart_of(data):
    """(kind, spec) of the interactive chart in a MIME bundle, or None."""
    for kind, mimes in (("vega-lite", VEGA_LITE), ("vega", VEGA), ("plotly", PLOTLY)):
        for mime in mimes:
            if mime in data:
                return kind, data[mime]
    return None


def chart_kinds(nb):
    kinds = set()
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            chart = chart_of(output.get("data", {}))
            if chart:
                kinds.add(chart[0])
    return kinds


def has_widgets(nb):
    """Whether an output shows a widget whose state the notebook saved (what html-manager can draw)."""
    saved = (nb.metadata.get("widgets") or {}).get(WIDGET_STATE, {}).get("state", {})
    return any(output.get("data", {}).get(WIDGET_VIEW, {}).get("model_id") in saved
               for cell in nb.cells for output in cell.get("outputs", []))


def script_json(value):
    """JSON safe inside <script type="application/json">: no `</script>` or `<!--` can end it early."""
    text = json.dumps(value, separators=(",", ":"))
    return markupsafe.Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def script_text(text):
    # Inline <script> content ends at the first `</script`, whatever the JavaScript around it.
    return markupsafe.Markup(text.replace("</script", "<\\/script"))


def b64(text):
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def main():
    src, dst, config = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    nb = nbformat.read(src, as_version=4)
    kinds = chart_kinds(nb)
    needed = []
    if kinds & {"vega", "vega-lite"}:
        needed += ["vega", "vega-lite", "vega-embed"]
    if "plotly" in kinds:
        needed += ["plotly"]
    widgets = has_widgets(nb)
    if widgets:
        needed += ["jupyter-widgets"]
    scripts = []
    math = []
    if has_math(nb):
        math = mathjax_scripts(config.get("mathjax") or DEFAULT_ROOT) or []
        if not math:
            print(f"warning: {config['title']}: MathJax 2 not found at {config.get('mathjax') or DEFAULT_ROOT}; "
                  "its math stays TeX (install libjs-mathjax)")
    for name in needed:
        with open(config["libraries"][name], encoding="utf-8") as f:
            scripts.append({"name": name, "text": script_text(f.read())})

    # Teachers hide helper cells with the usual tags; empty code cells would only show `In [ ]:`.
    c = Config()
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = {"remove-cell", "remove_cell"}
    c.TagRemovePreprocessor.remove_input_tags = {"remove-input", "remove_input", "hide-input"}
    c.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output", "remove_output"}
    c.RegexRemovePreprocessor.enabled = True
    c.RegexRemovePreprocessor.patterns = [r"\s*\Z"]
    exporter = HTMLExporter(config=c, template_name="tsdl", extra_template_basedirs=[config["templates"]])
    exporter.register_filter("tsdl_chart", chart_of)
    exporter.register_filter("script_json", script_json)
    exporter.register_filter("b64", b64)

    resources = {
        "metadata": {"name": config["title"]},
        "tsdl": {"scripts": scripts, "widgets": widgets, "math": [script_text(m) for m in math], "footer": config.get("footer", ""), "index_href": config.get("index_href", ""),
                 "prev": config.get("prev"), "next": config.get("next")},
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    # Written whole or not at all: the course manifest trusts an output only as it was completed.
    partial = f"{dst}.{os.getpid()}.partial"
    with open(partial, "w", encoding="utf-8") as f:
        f.write(body)
    os.replace(partial, dst)


if __name__ == "__main__":
    main()
