// An image widget: its bytes travel as a binary buffer of the comm message, never as base64.
import { valueText } from "../args/describe";
import { oneOf, text } from "../args/options";
import { checkControlOptions, controlParts, LayoutOptions } from "./control";
import { bytesOf, isBinary } from "./protocol";
import { StateError, Widget } from "./widget";

export interface ImageOptions {
  /** "png" (default), "jpeg", "gif" or "svg+xml". */
  format?: "png" | "jpeg" | "gif" | "svg+xml";
  /** CSS width and height, e.g. "200px". */
  width?: string;
  height?: string;
  layout?: LayoutOptions;
  tooltip?: string;
}

const FORMATS = ["png", "jpeg", "gif", "svg+xml"] as const;

export class ImageWidget extends Widget {
  /** The image's bytes. */
  get value(): Uint8Array {
    return this.get("value") as Uint8Array;
  }
  set value(bytes: Uint8Array) {
    this.set({ value: bytes });
  }
}

function readBytes(value: unknown): Uint8Array {
  if (!isBinary(value)) throw new StateError(`expected image bytes (a Uint8Array); got ${valueText(value)}`);
  return Uint8Array.from(bytesOf(value));
}

/**
 * Shows image bytes (PNG by default) as a widget, whose `.value` can be replaced: e.g. `showImage`'s PNG,
 * updated from a slider.
 */
export function imageWidget(bytes: Uint8Array, options: ImageOptions = {}): ImageWidget {
  if (!isBinary(bytes)) throw new TypeError(`imageWidget: expected bytes to be a Uint8Array (e.g. a PNG); got ${valueText(bytes)}`);
  checkControlOptions("imageWidget", options, { format: oneOf(FORMATS), width: text, height: text });
  for (const key of ["description", "disabled", "style"] as const) {
    if ((options as Record<string, unknown>)[key] !== undefined) throw new TypeError(`imageWidget: unknown option "${key}"; expected one of format, width, height, layout, tooltip`);
  }
  const own: Record<string, unknown> = { value: Uint8Array.from(bytesOf(bytes)) };
  if (options.format !== undefined) own.format = options.format;
  if (options.width !== undefined) own.width = options.width;
  if (options.height !== undefined) own.height = options.height;
  return new ImageWidget({ fn: "imageWidget", ...controlParts({ fn: "imageWidget", kind: "Image", options: { layout: options.layout, tooltip: options.tooltip }, state: own }), validators: { value: readBytes } });
}
