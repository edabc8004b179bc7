/** Join class names, skipping falsy ones: `cx(styles.row, selected && styles.selected)`. */
export function cx(...names: ReadonlyArray<string | false | null | undefined>): string {
  return names.filter(Boolean).join(' ')
}
