/** Keyboard behaviour shared by the side panels: Escape closes, focus goes back. */
import { useEffect, type RefObject } from 'react';

/** Calls `close` when the user presses Escape while the component is mounted. */
export function useCloseOnEscape(close: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [close]);
}

/**
 * Moves focus into the panel when it opens and back to the control that
 * opened it when it closes, so keyboard users do not land on the page body.
 */
export function useFocusWhileOpen(panel: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    panel.current?.focus();
    return () => opener?.focus();
  }, [panel]);
}
