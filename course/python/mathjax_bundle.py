"""MathJax 2 (Debian's libjs-mathjax) as two inline scripts: TeX in Markdown becomes native MathML.

No file is fetched at view time: the jax and extensions a page needs are concatenated behind
MathJax.Ajax.Preloading, and the few fonts the MathML output declares become data: URLs.
"""
import base64
import os
import re

DEFAULT_ROOT = "/usr/share/javascript/mathjax"

FILES = [
    "jax/input/TeX/config.js",
    "jax/output/NativeMML/config.js",
    "extensions/tex2jax.js",
    "extensions/MathEvents.js",
    "extensions/MathZoom.js",
    "extensions/MathMenu.js",
    "jax/element/mml/jax.js",
    "extensions/toMathML.js",
    "extensions/TeX/noErrors.js",
    "extensions/TeX/noUndefined.js",
    "jax/input/TeX/jax.js",
    "extensions/TeX/AMSmath.js",
    "extensions/TeX/AMSsymbols.js",
    "jax/output/NativeMML/jax.js",
]

# The delimiters of the notebook's Markdown renderer, as nbconvert's own MathJax setup has them.
CONFIG = """window.MathJax = {
  jax: ["input/TeX", "output/NativeMML"],
  extensions: ["tex2jax.js", "TeX/noErrors.js", "TeX/noUndefined.js", "TeX/AMSmath.js", "TeX/AMSsymbols.js"],
  tex2jax: { inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]], displayMath: [["$$", "$$"], ["\\\\[", "\\\\]"]], processEscapes: true, processEnvironments: true },
  TeX: { equationNumbers: { autoNumber: "AMS", useLabelIds: true } },
  showMathMenu: false,
  messageStyle: "none",
  menuSettings: { zoom: "None" }
};"""

MATH = re.compile(r"\$[^$\s][^$]*\$|\$\$|\\\(|\\\[|\\begin\{")


def has_math(nb):
    """Whether any Markdown cell, Markdown output or LaTeX output holds TeX math."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and MATH.search(cell.source):
            return True
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/latex" in data or MATH.search(str(data.get("text/markdown", ""))):
                return True
    return False


def mathjax_scripts(root=DEFAULT_ROOT):
    """[config, MathJax.js, bundle] script texts, or None when MathJax is not installed at root."""
    if not os.path.isfile(os.path.join(root, "MathJax.js")):
        return None
    with open(os.path.join(root, "MathJax.js"), encoding="utf-8") as f:
        loader = f.read()
    parts = ["MathJax.Ajax.Preloading(%s);" % ",".join('"[MathJax]/%s"' % name for name in FILES)]
    for name in FILES:
        with open(os.path.join(root, name), encoding="utf-8") as f:
            parts.append(f.read())
    bundle = "\n".join(parts)
    otf_dir = os.path.join(root, "fonts", "HTML-CSS", "TeX", "otf")

    def inline_font(match):
        with open(os.path.join(otf_dir, match.group(1)), "rb") as f:
            return "url('data:font/otf;base64,%s')" % base64.b64encode(f.read()).decode("ascii")

    bundle = re.sub(r"url\('\"\+\w+\+\"/(MathJax_[\w-]+\.otf)'\)", inline_font, bundle)
    return [CONFIG, loader, bundle]
