/** An accessible on/off switch: a button with role="switch"; Space and Enter toggle it. */
interface SwitchProps {
  checked: boolean;
  label: string;
  disabled?: boolean;
  onChange(next: boolean): void;
}

export function Switch({ checked, label, disabled, onChange }: SwitchProps) {
  return (
    <button
      type="button"
      class="switch"
      role="switch"
      aria-checked={checked}
      disabled={disabled}
      onClick={() => onChange(!checked)}
    >
      <span class="track" aria-hidden="true">
        <span class="thumb" />
      </span>
      <span>{label}</span>
    </button>
  );
}
