export { displaySymbol, liveDisplaySymbol, formatValue, toWireBundle, plainText, isDisplayable } from "./bundle";
export type { MediaBundle, WireBundle, Displayable, DisplayOptions } from "./bundle";
export { display, clearOutput, DisplayHandle } from "./display";
export { escapeHtml, htmlTable, textTable } from "./html";
export type { HtmlTableOptions } from "./html";
