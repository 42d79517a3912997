/**
 * The explicit confirmation relaxing a public (non-local) site takes, in the popup and the options
 * page. Its button is a click of its own, so the permission prompt it may lead to still has the
 * user's gesture.
 */
import { publicSiteWarning } from '../../src/overrides/local-site.ts';

interface Props {
  site: string;
  /** What the confirm button does: "Relax" or "Resume". */
  action: string;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmPublicSite({ site, action, onConfirm, onCancel }: Props) {
  return (
    <div
      class="notice warning confirm-public"
      role="alertdialog"
      aria-label={`Confirm: ${action} ${site}`}
    >
      <p>{publicSiteWarning(site)}</p>
      <p class="small">
        Do this only for a site you are developing or testing, and only for as long as you need.
      </p>
      <button type="button" class="primary" onClick={onConfirm}>
        {action} {site} anyway
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
