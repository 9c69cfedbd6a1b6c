/**
 * Playback length of a voice file, read from its frames (WeChat takes at most 60 s). AMR: 20 ms per frame, the
 * frame size from each frame's header (RFC 4867 §5, storage format). MP3: every MPEG audio frame header gives its
 * length and samples (ID3v2 tags skipped). Undefined when the frames cannot be read.
 * https://www.rfc-editor.org/rfc/rfc4867#section-5
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
 */

// Speech bytes after the one-byte header, per frame type 0-15 (NB and WB); 15 is NO_DATA.
const AMR_NB = [12, 13, 15, 17, 19, 20, 26, 31, 5, 0, 0, 0, 0, 0, 0, 0];
const AMR_WB = [17, 23, 32, 36, 40, 46, 50, 58, 60, 5, 0, 0, 0, 0, 0, 0];

function amrSeconds(bytes: Uint8Array): number | undefined {
  const text = (n: number) => String.fromCharCode(...bytes.subarray(0, n));
  const wide = text(9) === '#!AMR-WB\n';
  if (!wide && text(6) !== '#!AMR\n') return undefined;
  const sizes = wide ? AMR_WB : AMR_NB;
  let at = wide ? 9 : 6;
  let frames = 0;
  while (at < bytes.length) {
    const type = ((bytes[at] as number) >> 3) & 0x0f;
    at += 1 + (sizes[type] as number);
    frames += 1;
  }
  return at === bytes.length ? frames * 0.02 : undefined;
}

const MP3_BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MP3_BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const MP3_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

function mp3Seconds(bytes: Uint8Array): number | undefined {
  let at = 0;
  // ID3v2: 10-byte header, the size in four 7-bit bytes.
  if (bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33 && bytes.length >= 10) {
    const size =
      (((bytes[6] as number) & 0x7f) << 21) | (((bytes[7] as number) & 0x7f) << 14) | (((bytes[8] as number) & 0x7f) << 7) | ((bytes[9] as number) & 0x7f);
    at = 10 + size;
  }
  let seconds = 0;
  let frames = 0;
  while (at + 4 <= bytes.length) {
    const [b0, b1, b2] = [bytes[at] as number, bytes[at + 1] as number, bytes[at + 2] as number];
    if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) break;
    const version = (b1 >> 3) & 0x03; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
    const layer = (b1 >> 1) & 0x03; // 1 = Layer III
    const rates = MP3_RATES[version];
    const bitrate = (version === 3 ? MP3_BITRATES_V1 : MP3_BITRATES_V2)[(b2 >> 4) & 0x0f];
    const rate = rates?.[(b2 >> 2) & 0x03];
    if (layer !== 1 || !rate || !bitrate) return undefined;
    const samples = version === 3 ? 1152 : 576;
    const length = Math.floor(((samples / 8) * bitrate * 1000) / rate) + ((b2 >> 1) & 0x01);
    seconds += samples / rate;
    frames += 1;
    at += length;
  }
  return frames > 0 ? seconds : undefined;
}

/** Seconds of playback of an AMR or MP3 file, or undefined when its frames cannot be read. */
export function voiceSeconds(bytes: Uint8Array, format: 'amr' | 'mp3'): number | undefined {
  return format === 'amr' ? amrSeconds(bytes) : mp3Seconds(bytes);
}
