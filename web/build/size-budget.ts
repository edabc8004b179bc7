/**
 * @module
 * A Vite plugin that prints what the UI costs over the wire and fails the build past a
 * budget. "Initial" is what index.html makes the browser fetch (the Inspect page); the
 * other chunks load on demand (see web/components/lazy-views.tsx and web/state/lazy-models.ts).
 */
import { gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

const KB = 1024

export interface SizeBudget {
  /** The most the initial JS + CSS may weigh, gzipped, in KiB. */
  readonly initialKb: number
}

export function sizeBudget({ initialKb }: SizeBudget): Plugin {
  return {
    name: 'environ-inspector:size-budget',
    apply: 'build',
    // measured as written: Vite fills in the lazy chunks' dependency lists in its own
    // generateBundle, after a plugin's, and those bytes load with the entry too
    writeBundle(_options, bundle) {
      // the entry chunk, the chunks it imports statically, and the CSS they carry
      const initialFiles = new Set<string>()
      const visit = (name: string) => {
        const output = bundle[name]
        if (initialFiles.has(name) || output?.type !== 'chunk') return
        initialFiles.add(name)
        for (const css of output.viteMetadata?.importedCss ?? []) initialFiles.add(css)
        for (const imported of output.imports) visit(imported)
      }
      for (const [name, output] of Object.entries(bundle)) {
        if (output.type === 'chunk' && output.isEntry) visit(name)
      }
      let initial = 0
      let onDemand = 0
      for (const [name, output] of Object.entries(bundle)) {
        if (!/\.(js|css)$/.test(name)) continue
        const size = gzipSync(output.type === 'chunk' ? output.code : output.source).length
        if (initialFiles.has(name)) initial += size
        else onDemand += size
      }
      const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KiB`
      this.info(
        `UI size (gzip): ${kb(initial)} on first load (budget ${initialKb} KiB), ` +
          `${kb(onDemand)} more loaded on demand`
      )
      if (initial > initialKb * KB) {
        this.error(
          `the UI's first load is ${kb(initial)} gzipped, over its ${initialKb} KiB budget: ` +
            'move code behind a dynamic import, or raise the budget in vite.config.ts and say why'
        )
      }
    },
  }
}
