import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';

export interface TabDef {
  readonly id: string;
  readonly label: string;
}

/**
 * WAI-ARIA tabs with a roving tabindex: one tab in the tab order, arrows/Home/End move between tabs
 * (and select them), the panel is labelled by its tab.
 */
export function Tabs(props: {
  label: string;
  tabs: readonly TabDef[];
  selected: string;
  onSelect: (id: string) => void;
  children: ComponentChildren;
  idPrefix: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const index = Math.max(
    0,
    props.tabs.findIndex((t) => t.id === props.selected),
  );
  const move = (to: number): void => {
    const n = props.tabs.length;
    const i = ((to % n) + n) % n;
    const tab = props.tabs[i];
    if (tab === undefined) return;
    props.onSelect(tab.id);
    refs.current[i]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    const keys: Record<string, () => void> = {
      ArrowRight: () => move(index + 1),
      ArrowLeft: () => move(index - 1),
      Home: () => move(0),
      End: () => move(props.tabs.length - 1),
    };
    const fn = keys[e.key];
    if (fn !== undefined) {
      e.preventDefault();
      fn();
    }
  };
  return (
    <div class="tabs">
      <div role="tablist" aria-label={props.label} class="tablist" onKeyDown={onKeyDown}>
        {props.tabs.map((t, i) => (
          <button
            type="button"
            role="tab"
            key={t.id}
            id={`${props.idPrefix}-tab-${t.id}`}
            aria-selected={t.id === props.selected}
            aria-controls={`${props.idPrefix}-panel`}
            tabIndex={t.id === props.selected ? 0 : -1}
            ref={(el) => {
              refs.current[i] = el;
            }}
            onClick={() => props.onSelect(t.id)}
            class="tab"
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${props.idPrefix}-panel`}
        aria-labelledby={`${props.idPrefix}-tab-${props.selected}`}
        tabIndex={0}
        class="tabpanel"
      >
        {props.children}
      </div>
    </div>
  );
}
