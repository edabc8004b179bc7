/**
 * @module
 * What each environ key means: the long half of the key reference, for the explainer and
 * the table's tooltips. The Inspect page fetches this module when a key is first hovered,
 * focused or selected (see `keyDocs`), so its text is not part of the first load.
 */
import { type EnvironKeyDoc, findKeyDoc } from '../../server/gateway/environ-keys.ts'
import { documentedKeyFor } from './groups.ts'

/** Return the doc for a key as it appears in this environ (OS copies get the os.environ doc). */
export function docFor(
  key: string,
  keys: readonly string[],
  profile: string
): EnvironKeyDoc | undefined {
  const documented = documentedKeyFor(key, keys, profile)
  return documented === undefined ? undefined : findKeyDoc(documented)
}
