/**
 * The serial numbers an import file has named so far, kept as 64-bit fingerprints in typed
 * arrays: 8 to 16 bytes a serial whatever its length, outside the JavaScript heap, where a Set of
 * the strings took about 60 bytes each and grew the heap with the file. Two different serials
 * share a fingerprint with odds of about n²/2⁶⁵ (under one in ten million for a million-row
 * file); the
 * cost of that is one row refused as a duplicate, never a token imported twice, which the
 * inventory's unique serial numbers forbid anyway.
 */
export type SerialFingerprints = {
  /** Records `serial`; false when it was recorded already. */
  add(serial: string): boolean;
};

const initialCapacity = 1024;

export function serialFingerprints(): SerialFingerprints {
  let capacity = initialCapacity;
  let high = new Uint32Array(capacity);
  let low = new Uint32Array(capacity);
  let size = 0;

  // Open addressing with linear probing; 0/0 marks an empty slot, so no fingerprint is 0/0.
  const insert = (h: number, l: number): boolean => {
    const mask = capacity - 1;
    for (let slot = l & mask; ; slot = (slot + 1) & mask) {
      const slotHigh = high[slot] ?? 0;
      const slotLow = low[slot] ?? 0;
      if (slotHigh === 0 && slotLow === 0) {
        high[slot] = h;
        low[slot] = l;
        return true;
      }
      if (slotHigh === h && slotLow === l) return false;
    }
  };
  const grow = () => {
    const oldHigh = high;
    const oldLow = low;
    capacity *= 2;
    high = new Uint32Array(capacity);
    low = new Uint32Array(capacity);
    for (let slot = 0; slot < oldHigh.length; slot++) {
      const h = oldHigh[slot] ?? 0;
      const l = oldLow[slot] ?? 0;
      if (h !== 0 || l !== 0) insert(h, l);
    }
  };

  return {
    add(serial) {
      const h = fingerprint(serial, 0x811c9dc5, 0x01000193);
      const l = fingerprint(serial, 0x9747b28c, 0x5bd1e995) || 1;
      if (!insert(h, l)) return false;
      size++;
      if (size * 4 >= capacity * 3) grow();
      return true;
    },
  };
}

/** A 32-bit multiplicative hash of the UTF-16 code units, finished with MurmurHash3's fmix32. */
function fingerprint(text: string, seed: number, multiplier: number): number {
  let hash = seed ^ text.length;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), multiplier);
    hash ^= hash >>> 15;
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
