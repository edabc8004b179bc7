import { humanError } from '../../logic/proxy-errors.ts'
import type { FieldId } from '../../logic/proxy-form.ts'
import { fieldError } from '../../state/proxy.ts'
import styles from './proxy-forms.module.css'

/** The id of the message element for `field`, for aria-describedby. */
export function errorId(field: FieldId): string {
  return `proxy-error-${field.replace(/[^\w-]/g, '-')}`
}

/** The validation message for `field`, in words, if the current input has one. */
export function errorFor(field: FieldId): string | undefined {
  const error = fieldError.value
  return error?.field === field ? humanError(error) : undefined
}

/** aria attributes that tie an input to its message (and its hint, when it has one). */
export function describedBy(field: FieldId, hintId?: string) {
  const invalid = errorFor(field) !== undefined
  const ids = [hintId, invalid ? errorId(field) : undefined].filter(Boolean).join(' ')
  return { 'aria-invalid': invalid || undefined, 'aria-describedby': ids || undefined }
}

/** The API's reason (or ours) next to the field it is about, in words; rendered as text. */
export function FieldError({ field }: { field: FieldId }) {
  const message = errorFor(field)
  if (message === undefined) return null
  return (
    <p id={errorId(field)} class={styles.error}>
      {message}
    </p>
  )
}
