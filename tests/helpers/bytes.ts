/** Flips bits of one byte in place, as disk damage or an attacker would. */
export function flipByte(buffer: Buffer, index: number, mask = 0x01): void {
  if (index < 0 || index >= buffer.length) throw new Error(`offset ${index} is outside the buffer`);
  buffer.writeUInt8(buffer.readUInt8(index) ^ mask, index);
}
