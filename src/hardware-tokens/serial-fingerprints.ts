/**
 * The serial numbers an import file has named so far, kept as 64-bit fingerprints in typed
 * arrays: 8 to 16 bytes a serial whatever its length, outside the JavaScript heap, where a Set of
 * the strings took about 60 bytes each and grew the heap with the file. Two different serials
 * share a fingerprint with odds of about n²/2⁶⁵ (under one in ten million for a million-row
 * file); the cost of that is one row refused as a duplicate, never a token imported twice, which
 * the inventory's unique serial numbers forbid anyway.
 */
export type SerialFingerprints = {
  /** Records `serial`; false when it was recorded already. */
  add(serial: string): boolean;
};

// The fingerprints are spread over 256 tables by their first 8 bits, each growing on its own:
// one table of them all, doubled, held its old and new arrays at once, 24 MB at a million rows
// where the table itself takes 16; a shard's doubling holds 1/256 of that.
const shardBits = 8;
const initialCapacity = 64;

type Shard = { capacity: number; size: number; high: Uint32Array; low: Uint32Array };

export function serialFingerprints(): SerialFingerprints {
  const shards: Shard[] = Array.from({ length: 1 << shardBits }, () => ({
    capacity: initialCapacity,
    size: 0,
    high: new Uint32Array(initialCapacity),
    low: new Uint32Array(initialCapacity),
  }));
  return {
    add(serial) {
      const h = fingerprint(serial, 0x811c9dc5, 0x01000193);
      const l = fingerprint(serial, 0x9747b28c, 0x5bd1e995) || 1;
      const shard = shards[h >>> (32 - shardBits)] as Shard;
      if (!insert(shard, h, l)) return false;
      shard.size++;
      if (shard.size * 4 >= shard.capacity * 3) grow(shard);
      return true;
    },
  };
}

// Open addressing with linear probing; 0/0 marks an empty slot, so no fingerprint is 0/0.
function insert(shard: Shard, h: number, l: number): boolean {
  const { high, low } = shard;
  const mask = shard.capacity - 1;
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
}

function grow(shard: Shard): void {
  const { high: oldHigh, low: oldLow } = shard;
  shard.capacity *= 2;
  shard.high = new Uint32Array(shard.capacity);
  shard.low = new Uint32Array(shard.capacity);
  for (let slot = 0; slot < oldHigh.length; slot++) {
    const h = oldHigh[slot] ?? 0;
    const l = oldLow[slot] ?? 0;
    if (h !== 0 || l !== 0) insert(shard, h, l);
  }
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
