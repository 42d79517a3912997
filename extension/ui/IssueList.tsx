import type { ShownError } from './errors.ts';

/** Validation problems from the background, each naming its entry and field. */
interface Issue {
  path: string;
  message: string;
}

export function IssueList({ issues }: { issues: readonly Issue[] }) {
  if (issues.length === 0) return null;
  return (
    <ul class="issues">
      {issues.map((issue, i) => (
        <li key={`${issue.path}-${i}`}>
          <code>{issue.path}</code>: {issue.message}
        </li>
      ))}
    </ul>
  );
}

/** A failed call: its message, then the issues not already shown beside their fields. */
export function ErrorNotice({
  error,
  issues = error.issues,
}: {
  error: ShownError;
  issues?: readonly Issue[];
}) {
  return (
    <div class="notice notice-error" role="alert">
      {error.message}
      <IssueList issues={issues} />
    </div>
  );
}
