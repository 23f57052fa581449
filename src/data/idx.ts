// The IDX file format of MNIST (http://yann.lecun.com/exdb/mnist/): a 4-byte magic number
// (0, 0, dtype code, number of dimensions), one big-endian uint32 per dimension, then the data.
import path from "node:path";
import zlib from "node:zlib";
import { platform } from "../platform";
import { describeValue } from "../args/describe";

/** The element types an IDX file can hold, by their names in the format's description. */
export type IdxDtype = "ubyte" | "byte" | "short" | "int" | "float" | "double";

/** The typed array each IDX element type is read into. */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** The contents of an IDX file: its element type, its shape and its elements in row-major order. */
export interface IdxArray {
  dtype: IdxDtype;
  shape: number[];
  data: IdxData;
}

interface DtypeInfo {
  name: IdxDtype;
  bytes: number;
}

const DTYPES: Record<number, DtypeInfo> = {
  0x08: { name: "ubyte", bytes: 1 },
  0x09: { name: "byte", bytes: 1 },
  0x0b: { name: "short", bytes: 2 },
  0x0c: { name: "int", bytes: 4 },
  0x0d: { name: "float", bytes: 4 },
  0x0e: { name: "double", bytes: 8 },
};

const DTYPE_CODES: Record<IdxDtype, number> = { ubyte: 0x08, byte: 0x09, short: 0x0b, int: 0x0c, float: 0x0d, double: 0x0e };

function checkBytes(fn: string, bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${fn}: expected the file's bytes as a Uint8Array or Buffer; got ${describeValue(bytes)}`);
}

function hex(n: number, width = 2): string {
  return "0x" + n.toString(16).padStart(width, "0");
}

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  checkBytes("isGzip", bytes);
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function readData(bytes: Uint8Array, offset: number, count: number, dtype: DtypeInfo): IdxData {
  if (dtype.name === "ubyte") return bytes.slice(offset, offset + count);
  if (dtype.name === "byte") return new Int8Array(bytes.slice(offset, offset + count).buffer);
  // Wider types are big-endian on disk, so they go through a DataView rather than a typed-array view.
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * dtype.bytes);
  switch (dtype.name) {
    case "short":
      return Int16Array.from({ length: count }, (_, i) => view.getInt16(i * 2));
    case "int":
      return Int32Array.from({ length: count }, (_, i) => view.getInt32(i * 4));
    case "float":
      return Float32Array.from({ length: count }, (_, i) => view.getFloat32(i * 4));
    default:
      return Float64Array.from({ length: count }, (_, i) => view.getFloat64(i * 8));
  }
}

/** A path as errors show it: whole unless it is absurdly long. */
function pathText(file: string): string {
  return file.length > 200 ? `${file.slice(0, 60)}… (a path of ${file.length} characters)` : file;
}

/** Why a file could not be read, in words (Node's messages repeat the whole path). */
function unreadable(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "is a folder, not an IDX file";
    case "ENAMETOOLONG":
      return "cannot be opened: the path is too long";
    case "EACCES":
      return "cannot be read: permission denied";
    default:
      return `cannot be read (${err.code ?? err.message})`;
  }
}

/** The header of an IDX file: its element type, its shape, and how many bytes it takes. */
interface IdxHeader {
  dtype: DtypeInfo;
  shape: number[];
  headerBytes: number;
}

/** Reads and checks the header at the start of (uncompressed) IDX bytes: the magic number, the dtype code, the dimensions. */
function parseHeader(bytes: Uint8Array, name: string): IdxHeader {
  if (bytes.length < 4) {
    throw new Error(`readIdx: ${name}: truncated: expected at least a 4-byte magic number; got ${bytes.length} bytes`);
  }
  const magicHex = hex((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!, 8);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new Error(`readIdx: ${name}: wrong magic number ${magicHex}: an IDX file starts with two zero bytes, then a dtype code and the number of dimensions`);
  }
  const dtype = DTYPES[bytes[2]!];
  if (!dtype) {
    throw new Error(`readIdx: ${name}: wrong magic number ${magicHex}: unknown dtype code ${hex(bytes[2]!)} (expected 0x08 ubyte, 0x09 byte, 0x0b short, 0x0c int, 0x0d float or 0x0e double)`);
  }
  const ndim = bytes[3]!;
  if (ndim === 0) throw new Error(`readIdx: ${name}: wrong magic number ${magicHex}: 0 dimensions`);
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    throw new Error(`readIdx: ${name}: truncated: the header of ${ndim} dimensions needs ${headerBytes} bytes; got ${bytes.length}`);
  }
  const header = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
  return { dtype, shape: Array.from({ length: ndim }, (_, i) => header.getUint32(4 + 4 * i)), headerBytes };
}

function gunzip(bytes: Uint8Array, name: string): Uint8Array {
  try {
    return zlib.gunzipSync(bytes);
  } catch (e) {
    throw new Error(`readIdx: ${name}: gzip data is corrupt or truncated (${(e as Error).message})`);
  }
}

/**
 * Parses the bytes of an IDX file (gzipped or not). `name` is the file name used in error messages.
 * Checks the magic number, the dtype code, the dimensions and that the length matches the header exactly.
 */
export function parseIdx(input: Uint8Array, name = "IDX data"): IdxArray {
  checkBytes("parseIdx", input);
  const bytes = isGzip(input) ? gunzip(input, name) : input;
  const { dtype, shape, headerBytes } = parseHeader(bytes, name);
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * dtype.bytes;
  if (bytes.length < expected) {
    throw new Error(`readIdx: ${name}: truncated: the header says [${shape.join(",")}] ${dtype.name} (${expected} bytes); got ${bytes.length} bytes`);
  }
  if (bytes.length > expected) {
    throw new Error(`readIdx: ${name}: ${bytes.length - expected} unexpected bytes after the data: the header says [${shape.join(",")}] ${dtype.name} (${expected} bytes); got ${bytes.length}`);
  }
  return { dtype: dtype.name, shape, data: readData(bytes, headerBytes, count, dtype) };
}

function readBytes(file: string, length?: number): Uint8Array {
  try {
    return platform.readFile(file, length);
  } catch (e) {
    throw new Error(`readIdx: ${pathText(file)}: ${unreadable(e as NodeJS.ErrnoException)}`);
  }
}

/** Reads an IDX file (gzipped or not, recognised by its first bytes), as `parseIdx` does. */
export function readIdx(file: string): IdxArray {
  // A number would be read as a file descriptor.
  if (typeof file !== "string") throw new TypeError(`readIdx: file: expected a path string; got ${describeValue(file)}`);
  return parseIdx(readBytes(file), path.basename(file));
}

/** The first `rows` entries of `array` along its first axis, and how many it has; `array` itself when it has no more. */
function firstRows(array: IdxArray, rows: number): { array: IdxArray; total: number } {
  const total = array.shape[0]!;
  if (rows >= total) return { array, total };
  const rowSize = array.shape.slice(1).reduce((a, b) => a * b, 1);
  return { array: { dtype: array.dtype, shape: [rows, ...array.shape.slice(1)], data: array.data.slice(0, rows * rowSize) }, total };
}

/**
 * The first `rows` entries along an IDX file's first axis (all of them when it has fewer, or for
 * Infinity), and how many it has. An uncompressed file is read only as far as those rows, and only they
 * are checked; a gzipped one, or a whole file, is read and checked as readIdx does.
 */
export function readIdxRows(file: string, rows: number): { array: IdxArray; total: number } {
  const name = path.basename(file);
  // The largest header: the magic number and 255 dimensions.
  const head = readBytes(file, 4 + 4 * 255);
  if (rows === Infinity || isGzip(head)) return firstRows(parseIdx(readBytes(file), name), rows);
  const { dtype, shape, headerBytes } = parseHeader(head, name);
  const n = Math.min(rows, shape[0]!);
  const count = n * shape.slice(1).reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * dtype.bytes;
  const bytes = readBytes(file, expected);
  if (bytes.length < expected) {
    throw new Error(`readIdx: ${name}: truncated: the header says [${shape.join(",")}] ${dtype.name}; its first ${n} need ${expected} bytes, got ${bytes.length}`);
  }
  return { array: { dtype: dtype.name, shape: [n, ...shape.slice(1)], data: readData(bytes, headerBytes, count, dtype) }, total: shape[0]! };
}

/** Encodes an array as IDX bytes: the inverse of `parseIdx`, for writing test data and small datasets. */
export function encodeIdx(array: { dtype: IdxDtype; shape: number[]; data: ArrayLike<number> }): Uint8Array {
  if (array === null || typeof array !== "object") throw new TypeError(`encodeIdx: expected { dtype, shape, data }; got ${describeValue(array)}`);
  const { dtype, shape, data } = array;
  if (!(dtype in DTYPE_CODES)) throw new TypeError(`encodeIdx: dtype: expected one of ${Object.keys(DTYPE_CODES).join(", ")}; got ${describeValue(dtype)}`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw new TypeError(`encodeIdx: shape: expected an array of non-negative integers; got ${describeValue(shape)}`);
  if (data === null || typeof data !== "object" || typeof (data as ArrayLike<number>).length !== "number") throw new TypeError(`encodeIdx: data: expected an array of numbers; got ${describeValue(data)}`);
  const info = DTYPES[DTYPE_CODES[dtype]]!;
  const count = shape.reduce((a, b) => a * b, 1);
  if (data.length !== count) {
    throw new Error(`encodeIdx: expected ${count} elements for shape [${shape.join(",")}]; got ${data.length}`);
  }
  const headerBytes = 4 + 4 * shape.length;
  const out = new Uint8Array(headerBytes + count * info.bytes);
  const view = new DataView(out.buffer);
  out.set([0, 0, DTYPE_CODES[dtype], shape.length]);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  for (let i = 0; i < count; i++) {
    const at = headerBytes + i * info.bytes;
    const v = data[i]!;
    switch (dtype) {
      case "ubyte":
        view.setUint8(at, v);
        break;
      case "byte":
        view.setInt8(at, v);
        break;
      case "short":
        view.setInt16(at, v);
        break;
      case "int":
        view.setInt32(at, v);
        break;
      case "float":
        view.setFloat32(at, v);
        break;
      case "double":
        view.setFloat64(at, v);
        break;
    }
  }
  return out;
}
