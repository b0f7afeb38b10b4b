/**
 * Audio files built in code for the greeting checks: a PCM WAV (RIFF header, `fmt ` and `data`
 * chunks) and an MP3 made of MPEG-1 Layer III frames (ISO/IEC 11172-3 headers, silent frames).
 */

/** A mono 8-bit PCM WAV of `seconds` at `sampleRate`, a quiet tone so it is not all zeros. */
export function wavFile(
  seconds: number,
  options: { sampleRate?: number; channels?: number; bitsPerSample?: 8 | 16 } = {},
): Buffer {
  const { sampleRate = 8000, channels = 1, bitsPerSample = 8 } = options;
  const blockAlign = channels * (bitsPerSample / 8);
  const dataBytes = Math.round(seconds * sampleRate) * blockAlign;
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write("WAVE", 8, "ascii");
  header.write("fmt ", 12, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(bitsPerSample, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(dataBytes, 40);
  const data = Buffer.alloc(dataBytes, bitsPerSample === 8 ? 128 : 0);
  for (let i = 0; i < dataBytes; i += blockAlign) {
    if (bitsPerSample === 8)
      data[i] = 128 + Math.round(20 * Math.sin((2 * Math.PI * 440 * i) / sampleRate / blockAlign));
  }
  return Buffer.concat([header, data]);
}

/**
 * An MP3 of about `seconds`: MPEG-1 Layer III frames at 128 kbit/s, 44.1 kHz, mono, each 417
 * bytes (144 × 128000 / 44100) and 1152 samples long, their side information and data all zero.
 */
export function mp3File(seconds: number): Buffer {
  const frameBytes = 417;
  const frames = Math.ceil((seconds * 44100) / 1152);
  const frame = Buffer.alloc(frameBytes);
  // Sync, MPEG-1, Layer III, no CRC | 128 kbit/s, 44.1 kHz, no padding | mono.
  frame.set([0xff, 0xfb, 0x90, 0xc4]);
  return Buffer.concat(Array(frames).fill(frame));
}
