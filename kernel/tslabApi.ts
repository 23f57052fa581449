// tslab's public module (`import * as tslab from "tslab"`) for cells: the same `display` and `newDisplay`,
// sent through the library's Frontend like every other display, so notebooks written for tslab run here.
import { toWireBundle } from "../src/display/bundle";
import { currentFrontend } from "../src/frontend";

type TslabModule = typeof import("tslab");
type Display = TslabModule["display"];

/** One display of tslab's API; with an id, every call after the first replaces what the first showed. */
function tslabDisplay(displayId: string | undefined): Display {
  let shown = false;
  const raw = (contentType: string, data: string | Uint8Array) => {
    if (typeof contentType !== "string") throw new TypeError(`tslab.display.raw: expected contentType to be a MIME type string; got ${typeof contentType}`);
    const frontend = currentFrontend();
    if (!frontend) throw new Error("tslab.display: no notebook frontend is connected; it works in a cell of the tsdl kernel");
    frontend.display(toWireBundle({ [contentType]: data }), displayId, displayId !== undefined && shown);
    shown = true;
  };
  return {
    javascript: (s) => raw("text/javascript", s),
    html: (s) => raw("text/html", s),
    markdown: (s) => raw("text/markdown", s),
    latex: (s) => raw("text/latex", s),
    svg: (s) => raw("image/svg+xml", s),
    png: (b) => raw("image/png", b),
    jpeg: (b) => raw("image/jpeg", b),
    gif: (b) => raw("image/gif", b),
    pdf: (b) => raw("application/pdf", b),
    text: (s) => raw("text/plain", s),
    raw,
  };
}

export function tslabApi(versions: TslabModule["versions"]): TslabModule {
  return {
    versions,
    display: tslabDisplay(undefined),
    newDisplay: () => tslabDisplay(globalThis.crypto.randomUUID().replace(/-/g, "")),
  };
}
