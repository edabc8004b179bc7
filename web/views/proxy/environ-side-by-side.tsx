import type { ProxyApiResponse } from '../../../server/proxy/api-types.ts'
import { DiffTable } from '../../components/diff-table.tsx'
import { environRows } from '../../logic/proxy-answer.ts'

/** The environ before and after the policy, key by key; rewritten and added keys marked. */
export function EnvironSideBySide({ answer }: { answer: ProxyApiResponse }) {
  const rows = environRows(answer)
  const rewritten = rows.filter((row) => row.rewritten).length
  return (
    <DiffTable
      title="Raw and effective environ"
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
      tableLabel="Raw and effective environ"
      onlyLabel="Only rewritten keys"
      empty="No key is left to show."
    />
  )
}
