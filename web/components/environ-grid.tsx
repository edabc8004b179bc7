import type { ComponentChildren } from 'preact'
import { cx } from '../lib/cx.ts'
import { groupEnviron } from '../logic/groups.ts'
import styles from './environ-grid.module.css'
import { VisibleText } from './visible-text.tsx'

/** Extra classes a page layers on the shared look, for the parts that differ between pages. */
export interface EnvironGridLook {
  readonly panel?: string
  readonly title?: string
  readonly filter?: string
  readonly table?: string
  readonly key?: string
  readonly value?: string
}

export interface EnvironGridProps {
  readonly environ: Readonly<Record<string, string>>
  readonly profile: string
  readonly filter: string
  readonly onFilter: (value: string) => void
  /** The heading names the section, so its id doubles as the section's label. */
  readonly heading: { readonly level: 'h2' | 'h4'; readonly id: string }
  readonly tableLabel: string
  readonly filterLabel: string
  readonly look?: EnvironGridLook
  readonly rowClass?: (key: string) => string | false | undefined
  readonly keyTitle?: (key: string, keys: readonly string[]) => string | undefined
  /** The key cell's content; plain text unless the page makes keys interactive. */
  readonly renderKey?: (key: string, keys: readonly string[]) => ComponentChildren
  readonly renderValue?: (key: string, value: string) => ComponentChildren
}

/** An environ as a real table, grouped CGI / HTTP_* / wsgi.* / extensions, filterable. */
export function EnvironGrid(props: EnvironGridProps) {
  const { environ, profile, filter, heading, look = {} } = props
  const keys = Object.keys(environ)
  const groups = groupEnviron(environ, profile, filter)
  const Heading = heading.level
  return (
    <section class={cx(styles.panel, look.panel)} aria-labelledby={heading.id}>
      <div class={styles.head}>
        <Heading id={heading.id} class={cx(styles.title, look.title)}>
          environ <span class={styles.count}>{keys.length} keys</span>
        </Heading>
        <input
          type="search"
          class={cx(styles.filter, look.filter)}
          aria-label={props.filterLabel}
          aria-keyshortcuts="/"
          placeholder="Filter keys and values…"
          value={filter}
          onInput={(event) => props.onFilter(event.currentTarget.value)}
        />
      </div>
      <table class={cx(styles.table, look.table)} aria-label={props.tableLabel}>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        {groups.map((group) => (
          <tbody key={group.id}>
            <tr class={styles.group}>
              <th scope="rowgroup" colSpan={2}>
                {group.title} <span class={styles.count}>{group.rows.length}</span>
              </th>
            </tr>
            {group.rows.map(([key, value]) => (
              <tr key={key} data-key={key} class={cx(styles.row, props.rowClass?.(key))}>
                <th
                  scope="row"
                  class={cx(styles.key, look.key)}
                  title={props.keyTitle?.(key, keys)}
                >
                  {props.renderKey ? props.renderKey(key, keys) : key}
                </th>
                <td class={cx(styles.value, look.value)}>
                  {props.renderValue ? (
                    props.renderValue(key, value)
                  ) : (
                    <VisibleText value={value} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
      {groups.length === 0 && <p class={styles.none}>No key or value matches “{filter}”.</p>}
    </section>
  )
}

/** The environ panel with a note in place of the table, for when there is no environ. */
export function EnvironNote(props: {
  readonly label: string
  readonly look?: Pick<EnvironGridLook, 'panel'>
  readonly children: ComponentChildren
}) {
  return (
    <section class={cx(styles.panel, props.look?.panel)} aria-label={props.label}>
      <p class={styles.none}>{props.children}</p>
    </section>
  )
}
