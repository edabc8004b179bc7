/**
 * @module
 * The guided tour's panel: the step's title and text, Back / Next / End, and for the Live
 * step the command to run. Moving to a step sets up its screen (a shared link's state), so a
 * teacher clicks Next and the class sees the request sent and the key explained.
 */
import { useEffect, useRef } from 'preact/hooks'
import { Button } from '../../components/button.tsx'
import { copyText } from '../../lib/clipboard.ts'
import { TOUR } from '../../logic/tour.ts'
import { notice } from '../../state/inspector.ts'
import { applyLinkState } from '../../state/shared-link.ts'
import { endTour, tourStep } from '../../state/tour.ts'
import styles from './tour-panel.module.css'

export function TourPanel() {
  const index = tourStep.value ?? 0
  const step = TOUR[index]
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (!step) return
    void applyLinkState(step.show)
    heading.current?.focus()
  }, [step])
  if (!step) return null
  const last = index === TOUR.length - 1
  const command = step.command?.(location.origin)
  const go = (to: number) => {
    tourStep.value = to
  }
  return (
    <section class={styles.panel} aria-labelledby="tour-title">
      <p class={styles.count}>
        Guided tour · step {index + 1} of {TOUR.length}
      </p>
      <h2 id="tour-title" class={styles.title} tabIndex={-1} ref={heading}>
        {step.title}
      </h2>
      <p class={styles.text}>{step.text}</p>
      {command && (
        <div class={styles.command}>
          <code>{command}</code>
          <Button
            small
            onClick={async () => {
              notice.value = (await copyText(command))
                ? 'Copied the command.'
                : 'Could not copy the command: the browser refused.'
            }}
          >
            Copy command
          </Button>
        </div>
      )}
      <div class={styles.actions}>
        <Button small disabled={index === 0} onClick={() => go(index - 1)}>
          Back
        </Button>
        {last ? (
          <Button small variant="primary" onClick={endTour}>
            Finish
          </Button>
        ) : (
          <Button small variant="primary" onClick={() => go(index + 1)}>
            Next
          </Button>
        )}
        {!last && (
          <Button small variant="ghost" onClick={endTour}>
            End tour
          </Button>
        )}
      </div>
    </section>
  )
}
