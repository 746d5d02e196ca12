// GnuPG keybox files (pubring.kbx): the OpenPGP keyblocks of its non-ephemeral blobs,
// concatenated, with Helm 4.3.2's errors for malformed files (pkg/provenance/keybox.go).

const BLOB_HEADER = 1;
const BLOB_OPENPGP = 2;
const FLAG_EPHEMERAL = 0x0002;

export function isKeybox(data: Uint8Array): boolean {
  return (
    data.length >= 12 &&
    data[4] === BLOB_HEADER &&
    Buffer.from(data.subarray(8, 12)).toString('latin1') === 'KBXf'
  );
}

export function isArmored(data: Uint8Array): boolean {
  let i = 0;
  while (i < data.length && (data[i] === 32 || (data[i]! >= 9 && data[i]! <= 13))) i++;
  return Buffer.from(data.subarray(i, i + 14)).toString('latin1') === '-----BEGIN PGP';
}

export function keyboxPublicKeys(data: Uint8Array): Uint8Array {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const blocks: Uint8Array[] = [];
  for (let off = 0; off < data.length;) {
    const rest = data.length - off;
    if (rest < 5) throw new Error(`truncated blob header at offset ${off}`);
    const len = dv.getUint32(off);
    if (len < 5) throw new Error(`invalid blob length ${len} at offset ${off}`);
    if (len > rest)
      throw new Error(`blob at offset ${off} has length ${len} exceeding the ${rest} remaining bytes`);
    if (data[off + 4] === BLOB_OPENPGP) {
      if (len < 16) throw new Error(`OpenPGP blob at offset ${off} is too short`);
      const flags = dv.getUint16(off + 6);
      const kbOff = dv.getUint32(off + 8);
      const kbLen = dv.getUint32(off + 12);
      if (kbOff + kbLen > len) throw new Error(`OpenPGP blob at offset ${off} has an out-of-range keyblock`);
      if ((flags & FLAG_EPHEMERAL) === 0) blocks.push(data.subarray(off + kbOff, off + kbOff + kbLen));
    }
    off += len;
  }
  if (blocks.length === 0) throw new Error('keybox contains no OpenPGP keys');
  return Buffer.concat(blocks);
}
