// How a check reads in the notebook: a passing check is a green line (its display), a failing one throws
// CheckFailed, whose message is the red line with the hint. Throwing is what makes a failed check an error
// output, which is how nbgrader (and `tsdl grade`) scores a grade cell: any error gives it 0 points.
import { displaySymbol, Displayable, MediaBundle } from "../display/bundle";
import { escapeHtml } from "../display/html";

/** The MIME type of a passed check's record, which `tsdl grade` looks for in a grade cell's outputs. */
export const CHECK_MIME = "application/vnd.tsdl.check+json";

/** A check that passed; its display is one green line. */
export class CheckPassed implements Displayable {
  constructor(
    /** What was checked, e.g. "parameter count". */
    readonly label: string,
    /** What agreed, e.g. "59". */
    readonly detail: string,
  ) {}

  toString(): string {
    return `✓ ${this.label}: ${this.detail}`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  [displaySymbol](): MediaBundle {
    return {
      [CHECK_MIME]: { passed: true, label: this.label, detail: this.detail },
      "text/html": `<div class="tsdl-check tsdl-check-passed" style="color:#1a7f37;font-weight:600">✓ ${escapeHtml(this.label)}: <span style="font-weight:400">${escapeHtml(this.detail)}</span></div>`,
      "text/plain": this.toString(),
    };
  }
}

/** A check that failed: its message says what was expected, what was received, and the hint. */
export class CheckFailed extends Error {
  constructor(
    readonly label: string,
    readonly detail: string,
    readonly hint: string | undefined,
  ) {
    super(`✗ ${label}: ${detail}${hint ? `\nHint: ${hint}` : ""}`);
    this.name = "CheckFailed";
    // The student's error is the message; the frames of the check's own code would only hide it.
    this.stack = `${this.name}: ${this.message}`;
  }
}
