// node:zlib as the library uses it (PNG encoding, gzipped IDX files), for the browser build, on fflate.
// fflate is a dependency of the site's build (lite/app), not of the library.
const { gunzipSync: gunzip, zlibSync } = require("fflate") as { gunzipSync(data: Uint8Array): Uint8Array; zlibSync(data: Uint8Array): Uint8Array };

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export const deflateSync = (data: Uint8Array): Buffer => asBuffer(zlibSync(data));
export const gunzipSync = (data: Uint8Array): Buffer => asBuffer(gunzip(data));
export default { crc32, deflateSync, gunzipSync };
