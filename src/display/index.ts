export { displaySymbol, liveDisplaySymbol, formatValue, toWireBundle, plainText, isDisplayable } from "./bundle";
export type { MediaBundle, WireBundle, Displayable, DisplayOptions } from "./bundle";
export { display, clearOutput, DisplayHandle } from "./display";
export { escapeHtml } from "./html";
export { Report, report, htmlTable, textTable } from "./report";
export type { HtmlTableOptions, Inline, Rich, ReportColumn, ReportSpec } from "./report";
