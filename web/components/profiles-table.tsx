import type { ComponentChildren } from 'preact'
import type {
  KeyDifference,
  ParserOutcome,
  ProfileOutcome,
  SendAnswer,
} from '../../server/contract/api/send.ts'
import { MALFORMATION_TITLES } from '../../server/contract/parser-verdicts.ts'
import { interfaceOf } from '../../server/contract/profile-diff.ts'
import type { ProfileInterface } from '../../server/contract/profiles.ts'
import { profileRows } from '../logic/profile-notes.ts'
import compare from './diff-table.module.css'
import { DiffTable } from './diff-table.tsx'
import styles from './profiles-table.module.css'

/**
 * The environ each server profile builds from the same bytes, side by side. Rows where the
 * profiles disagree are marked, with one sentence on why.
 */
export function ProfilesTable({ answer }: { answer: SendAnswer }) {
  const profiles = answer.profiles
  if (!profiles && answer.parserOutcomes) {
    return <ParserVerdicts answer={answer} outcomes={answer.parserOutcomes} />
  }
  if (!profiles) {
    return (
      <section class={compare.panel} aria-labelledby="profiles-title">
        <div class={compare.head}>
          <h2 id="profiles-title" class={compare.title}>
            Profiles
          </h2>
        </div>
        <p class={compare.none}>
          No profile saw this request, so there is nothing to compare. {answer.profilesReason ?? ''}
        </p>
      </section>
    )
  }
  return (
    <ProfilesGrid
      profiles={profiles}
      differences={answer.differences ?? []}
      lead={
        <p class={styles.lead}>
          The same bytes, as each server would build the environ (or, for an ASGI server, the
          scope). This server runs <strong>{answer.serverProfile}</strong>; its column is the
          environ tab.
        </p>
      }
    />
  )
}

/**
 * Each profile's environ in a column of its own, rows that differ marked with why. WSGI
 * environs and ASGI scopes get a table each: they share no key, so one table of both would
 * only say "absent" on every row.
 */
export function ProfilesGrid({
  profiles,
  differences,
  lead,
  heading,
}: {
  profiles: Readonly<Record<string, ProfileOutcome>>
  differences: readonly KeyDifference[]
  lead: ComponentChildren
  heading?: 'h2' | 'h3'
}) {
  const wsgi = outcomesOf(profiles, 'wsgi')
  const asgi = outcomesOf(profiles, 'asgi')
  const both = Object.keys(wsgi).length > 0 && Object.keys(asgi).length > 0
  return (
    <>
      {Object.keys(wsgi).length > 0 && (
        <InterfaceGrid
          title="Profiles"
          onlyLabel="Only differences"
          profiles={wsgi}
          differences={differences}
          lead={lead}
          heading={heading}
        />
      )}
      {Object.keys(asgi).length > 0 && (
        <InterfaceGrid
          title="ASGI scopes"
          onlyLabel="Only scope keys that differ"
          profiles={asgi}
          differences={differences}
          lead={
            <>
              {!both && lead}
              <p class={styles.lead}>{SCOPE_LEAD}</p>
            </>
          }
          heading={heading}
        />
      )}
    </>
  )
}

/** How a scope's keys answer to the environ's, for a reader who knows one of them. */
const SCOPE_LEAD =
  "An ASGI server hands the app a scope, ASGI's counterpart of the environ, echoed the same way " +
  '(str() of each value). path is PATH_INFO decoded, raw_path and query_string are the bytes ' +
  'sent, headers the HTTP_* keys as (name, value) byte pairs, client is REMOTE_ADDR and ' +
  'REMOTE_PORT, server SERVER_NAME and SERVER_PORT, root_path SCRIPT_NAME.'

function outcomesOf(
  profiles: Readonly<Record<string, ProfileOutcome>>,
  kind: ProfileInterface
): Record<string, ProfileOutcome> {
  return Object.fromEntries(Object.entries(profiles).filter(([name]) => interfaceOf(name) === kind))
}

function InterfaceGrid({
  title,
  onlyLabel,
  profiles,
  differences,
  lead,
  heading,
}: {
  title: string
  /** Unique on the page: both tables can be shown at once. */
  onlyLabel: string
  profiles: Readonly<Record<string, ProfileOutcome>>
  differences: readonly KeyDifference[]
  lead: ComponentChildren
  heading?: 'h2' | 'h3' | undefined
}) {
  const names = Object.keys(profiles)
  const rows = profileRows(profiles, differences)
  const differing = rows.filter((row) => row.difference).length
  return (
    <DiffTable
      title={title}
      {...(heading && { heading })}
      summary={[
        { tone: 'changed', text: `${differing} differ` },
        { tone: 'same', text: `${rows.length - differing} same` },
      ]}
      lead={lead}
      columns={names.map((name) => {
        const outcome = profiles[name]
        const rejected = outcome && 'rejected' in outcome ? outcome.rejected : undefined
        return (
          <>
            <code>{name}</code>
            {rejected && (
              <span class={styles.refused}>
                refused {rejected.status}: {rejected.reason}
              </span>
            )}
          </>
        )
      })}
      rows={rows.map((row) => ({
        key: row.key,
        tone: row.difference ? 'changed' : 'same',
        badge: row.difference && (row.difference.kind === 'absent' ? 'not in all' : 'differs'),
        why: row.why,
        values: names.map((name) => row.values[name]),
      }))}
      tableLabel={title}
      tableClass={styles.table}
      onlyLabel={onlyLabel}
      empty="The profiles agree on every key."
    />
  )
}

const VERDICT_WORDS: Readonly<Record<ParserOutcome['verdict'], string>> = {
  refuses: 'refuses',
  waits: 'waits for more bytes',
  closes: 'closes the connection',
  accepts: 'accepts',
  unknown: 'not modelled yet',
}

/**
 * When Node's parser refused the bytes: what is malformed in them, and what each server's own
 * parser does with them, from its source, so a user learns their server's rule, not Node's.
 */
function ParserVerdicts({
  answer,
  outcomes,
}: {
  answer: SendAnswer
  outcomes: Readonly<Record<string, ParserOutcome>>
}) {
  const cases = answer.malformations ?? []
  return (
    <section class={compare.panel} aria-labelledby="profiles-title">
      <div class={compare.head}>
        <h2 id="profiles-title" class={compare.title}>
          Profiles
        </h2>
      </div>
      <p class={styles.lead}>
        No environ can be shown: {answer.profilesReason ?? "Node's HTTP parser refused the bytes"}.
        What each server's own parser does with them
        {cases.length > 0 && <> ({cases.map((c) => MALFORMATION_TITLES[c]).join('; ')})</>}:
      </p>
      <table class={compare.table} aria-label="Parser verdicts">
        <thead>
          <tr>
            <th scope="col">Server</th>
            <th scope="col">Verdict</th>
            <th scope="col">Why, from its source</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(outcomes).map(([name, outcome]) => (
            <tr key={name} data-profile={name}>
              <th scope="row">
                <code>{name}</code>
              </th>
              <td class={outcome.verdict === 'refuses' ? styles.refused : undefined}>
                {VERDICT_WORDS[outcome.verdict]}
                {outcome.status !== undefined && ` ${outcome.status} ${outcome.reason ?? ''}`}
              </td>
              <td>
                {outcome.summary}
                {outcome.cases.map(
                  (c) =>
                    c.verdict && (
                      <span key={c.case} class={styles.source}>
                        {MALFORMATION_TITLES[c.case]}: <code>{c.verdict.source}</code>
                      </span>
                    )
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
