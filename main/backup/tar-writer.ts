/**
 * The few bytes of the tar format a backup needs (POSIX ustar, as GNU tar and tar-stream read it): a
 * 512-byte header per regular file, its bytes, zero padding to 512, and two zero blocks at the end. Names
 * are our own entry names (ASCII, well under 100 bytes); sizes beyond 8 GiB use the GNU base-256 form.
 */
const BLOCK = 512;
export const TAR_END = Buffer.alloc(2 * BLOCK);

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width, "0")} `;
}

export function tarHeader(name: string, size: number, mtime: Date): Buffer {
  if (!/^[\x21-\x7e]{1,100}$/.test(name)) throw new Error(`a backup entry name must be short ASCII: ${name}`);
  const header = Buffer.alloc(BLOCK);
  header.write(name, 0, "latin1");
  header.write(octal(0o600, 6), 100, "latin1");
  header.write(octal(0, 6), 108, "latin1");
  header.write(octal(0, 6), 116, "latin1");
  if (size.toString(8).length > 11) {
    header[124] = 0x80;
    let rest = size;
    for (let index = 11; index > 0; index -= 1) {
      header[124 + index] = rest % 256;
      rest = Math.floor(rest / 256);
    }
  } else header.write(octal(size, 11), 124, "latin1");
  header.write(octal(Math.floor(mtime.getTime() / 1000), 11), 136, "latin1");
  header[156] = 0x30; // "0": a regular file
  header.write("ustar\u000000", 257, "latin1");
  header.write(octal(0, 6), 329, "latin1");
  header.write(octal(0, 6), 337, "latin1");
  // The checksum counts its own field as eight spaces.
  let sum = 8 * 0x20;
  for (let index = 0; index < BLOCK; index += 1) if (index < 148 || index >= 156) sum += header[index] ?? 0;
  header.write(octal(sum, 6), 148, "latin1");
  return header;
}

/** The zeros that bring an entry of `size` bytes to a whole number of blocks. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}
