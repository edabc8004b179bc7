import { HistoryList } from './history-list.tsx'
import { PresetList } from './preset-list.tsx'

/** The drawer's content: the examples, then the history. Loaded on demand (see sidebar.tsx). */
export function SideLists() {
  return (
    <>
      <PresetList />
      <HistoryList />
    </>
  )
}
