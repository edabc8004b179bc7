/**
 * @module
 * How a model answers: each expression's Python repr or the exception it raises, with a
 * `why` trace of the environ keys (or scope entries) and settings that decided it.
 *
 * A value several expressions share (the host, the scheme) is a {@link Step}: computed
 * once, and its reasons copied into the trace of every expression that reads it, so each
 * expression's `why` is complete on its own.
 */
import type { EvaluationJson } from '../contract/api/frameworks.ts'
import { PyError } from './py/errors.ts'

/** What one expression evaluates to: the API's JSON (contract/api/frameworks.ts). */
export type Evaluation = EvaluationJson

/** The reasons collected while one expression (or step) is computed. */
export class Why {
  readonly lines: string[] = []
  readonly notes: string[] = []
  readonly #steps = new Set<Step<unknown>>()

  /** Add one reason: which key or setting, which value, and what it did. */
  add(line: string): void {
    if (!this.lines.includes(line)) this.lines.push(line)
  }

  /** Add a note about another release answering differently here. */
  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text)
  }

  /** Copy a step's reasons in (once), then return its value or throw its exception. */
  use<T>(step: Step<T>): T {
    const result = step.result()
    if (!this.#steps.has(step)) {
      this.#steps.add(step)
      for (const line of result.why.lines) this.add(line)
      for (const text of result.why.notes) this.note(text)
    }
    if ('error' in result) throw result.error
    return result.value
  }
}

type StepResult<T> = { readonly why: Why } & ({ readonly value: T } | { readonly error: PyError })

/** A value computed at most once, with its reasons; reading it copies them into the reader. */
export class Step<T> {
  readonly #compute: (why: Why) => T
  #result: StepResult<T> | undefined

  constructor(compute: (why: Why) => T) {
    this.#compute = compute
  }

  result(): StepResult<T> {
    if (!this.#result) {
      const why = new Why()
      try {
        this.#result = { why, value: this.#compute(why) }
      } catch (error) {
        if (!(error instanceof PyError)) throw error
        this.#result = { why, error }
      }
    }
    return this.#result
  }
}

/** A repr, optionally with the text it carries. */
export type Answer = string | { readonly value: string; readonly message: string }

/** Evaluate one expression: its repr, or the Python exception it raises, with the trace. */
export function evaluate(compute: (why: Why) => Answer): Evaluation {
  const why = new Why()
  const extra = (w: Why) => (w.notes.length > 0 ? { notes: [...w.notes] } : {})
  try {
    const answer = compute(why)
    return typeof answer === 'string'
      ? { value: answer, why: why.lines, ...extra(why) }
      : { value: answer.value, message: answer.message, why: why.lines, ...extra(why) }
  } catch (error) {
    if (!(error instanceof PyError)) throw error
    return { raises: error.type, message: error.message, why: why.lines, ...extra(why) }
  }
}
