// Writing a file so that it is either the old one or the whole new one, even if the process dies midway:
// for every cache and record that is read back (snapshot stamp, export names, course manifest, lab build).
import fs from "node:fs";

export function writeFileAtomic(file: string, data: string | Buffer): void {
  const temporary = `${file}.${process.pid}.partial`;
  try {
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, file);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}
