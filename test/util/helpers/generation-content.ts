// Self-checking file content for the crash tests: a generation number, the length, then a byte
// pattern derived from the generation, so a torn or mixed file is always detectable.

export function makeGeneration(generation: number, size: number): Uint8Array {
  const data = new Uint8Array(size);
  data.fill((generation * 31 + 7) & 0xff);
  const view = new DataView(data.buffer);
  view.setUint32(0, generation, true);
  view.setUint32(4, size, true);
  return data;
}

/** The generation stored in `data`, or undefined when `data` is not one complete generation. */
export function readGeneration(data: Uint8Array, size: number): number | undefined {
  if (data.length !== size || size < 8) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const generation = view.getUint32(0, true);
  if (view.getUint32(4, true) !== size) return undefined;
  const fill = (generation * 31 + 7) & 0xff;
  for (let i = 8; i < size; i += 1) if (data[i] !== fill) return undefined;
  return generation;
}
