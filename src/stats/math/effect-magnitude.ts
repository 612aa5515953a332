/** Verbal size of an effect, from the size's conventional thresholds (small, medium, large). */
export type EffectMagnitude = 'negligible' | 'small' | 'medium' | 'large';

export function effectMagnitude(size: number, [small, medium, large]: readonly [number, number, number]): EffectMagnitude | null {
  const abs = Math.abs(size);
  if (Number.isNaN(abs)) return null;
  return abs < small ? 'negligible' : abs < medium ? 'small' : abs < large ? 'medium' : 'large';
}
