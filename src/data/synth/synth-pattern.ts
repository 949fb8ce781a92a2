// The patterned species reid can draw: one name per species, used by the generator, the dataset
// spec (synth:spots:N) and `reid synth --pattern`.

export const synthPatterns = ['spots', 'stripes', 'notches'] as const;

/** spots: manta-ray belly spots; stripes: zebra flank; notches: humpback fluke trailing edge and pigment. */
export type SynthPattern = (typeof synthPatterns)[number];

export function isSynthPattern(value: string): value is SynthPattern {
  return (synthPatterns as readonly string[]).includes(value);
}
