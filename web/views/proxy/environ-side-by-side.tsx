import type { ProxyApiResponse } from '../../../server/contract/api/proxy.ts'
import { DiffTable } from '../../components/diff-table.tsx'
import { environRows, isScopeAnswer } from '../../logic/proxy-answer.ts'

/** The environ (or scope) before and after the policy, key by key; rewritten and added keys marked. */
export function EnvironSideBySide({ answer }: { answer: ProxyApiResponse }) {
  const rows = environRows(answer)
  const rewritten = rows.filter((row) => row.rewritten).length
  // an ASGI server's own trust changes its scope: the same table, named for what it shows
  const noun = isScopeAnswer(answer) ? 'scope' : 'environ'
  return (
    <DiffTable
      title={`Raw and effective ${noun}`}
      heading="h3"
      framed={false}
      summary={[{ tone: 'changed', text: `${rewritten} rewritten` }]}
      columns={['Raw (as the server built it)', 'Effective (what the app gets)']}
      rows={rows.map((row) => ({
        key: row.key,
        tone: !row.rewritten ? 'same' : row.change === 'added' ? 'added' : 'changed',
        badge: row.rewritten ? (row.change === 'added' ? 'added' : 'rewritten') : undefined,
        values: [row.raw, row.effective],
      }))}
      tableLabel={`Raw and effective ${noun}`}
      onlyLabel="Only rewritten keys"
      empty="No key is left to show."
    />
  )
}
