/** Real-format files for the materials tests: JPEG, PNG, AMR and MP3 of a chosen length, MP4. */

export const jpeg = (size = 200): Uint8Array => {
  const bytes = new Uint8Array(size).fill(1);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
};

export const png = (size = 200): Uint8Array => {
  const bytes = new Uint8Array(size).fill(0);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return bytes;
};

/** AMR-NB at 12.2 kbit/s (frame type 7: 32 bytes, 20 ms a frame). */
export function amr(seconds: number): Uint8Array {
  const frames = Math.round(seconds / 0.02);
  const bytes = new Uint8Array(6 + frames * 32);
  bytes.set([0x23, 0x21, 0x41, 0x4d, 0x52, 0x0a]);
  for (let i = 0; i < frames; i += 1) bytes[6 + i * 32] = 0x3c;
  return bytes;
}

/** MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: 417-byte frames of 1152 samples, after a 10-byte ID3v2 tag. */
export function mp3(seconds: number): Uint8Array {
  const frames = Math.ceil((seconds * 44100) / 1152);
  const bytes = new Uint8Array(10 + frames * 417);
  bytes.set([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]);
  for (let i = 0; i < frames; i += 1) bytes.set([0xff, 0xfb, 0x90, 0x00], 10 + i * 417);
  return bytes;
}

export const mp4 = (size = 2048): Uint8Array => {
  const bytes = new Uint8Array(size);
  bytes.set([0, 0, 0, 0x18, ...[...'ftypmp42'].map((c) => c.charCodeAt(0))]);
  return bytes;
};
