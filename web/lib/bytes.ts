/** A byte count for the composer and the result bar: `812 B`, `1.3 kB`. */
export function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} kB`
}
