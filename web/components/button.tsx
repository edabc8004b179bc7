import type { ButtonHTMLAttributes, ComponentChildren } from 'preact'
import { cx } from '../lib/cx.ts'
import styles from './button.module.css'

type Variant = 'primary' | 'default' | 'ghost' | 'icon'

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  readonly variant?: Variant
  readonly small?: boolean
  readonly children?: ComponentChildren
}

/** A button in one of the app's styles; a plain `<button type="button">` underneath. */
export function Button({
  variant = 'default',
  small,
  class: extra,
  children,
  ...rest
}: ButtonProps) {
  return (
    <button
      type="button"
      class={cx(styles.button, styles[variant], small && styles.small, extra as string | undefined)}
      {...rest}
    >
      {children}
    </button>
  )
}
