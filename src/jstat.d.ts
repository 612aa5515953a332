declare module 'jstat' {
  const jstat: { jStat: { studentt: { inv(p: number, df: number): number; cdf(t: number, df: number): number } } };
  export default jstat;
}
