import type { Analysis } from '../model/analysis.ts';
import type { ExchangeRecord } from '../model/exchange-record.ts';
import { headerSections, type HeaderRow } from '../model/header-sections.ts';

/** Every header block in wire order, the culprit in red, the headers CORS read in bold. */
export function HeadersTab({ record, analysis }: { record: ExchangeRecord; analysis: Analysis }) {
  const sections = headerSections(record.exchange, analysis.diagnosis, analysis.relaxed?.exchange);
  return (
    <div class="headers-tab">
      {analysis.relaxed ? (
        <p class="hint">
          Response headers below are what the browser received after the CORS Lens override; lines
          marked <span class="tag tag-override">override</span> were not sent by the server (the
          Network panel shows only the server’s originals).
        </p>
      ) : null}
      {sections.map((section) => (
        <section class="header-block" key={`${section.where}-${section.legIndex}`}>
          <h4>
            {section.title} <span class="muted">{section.subtitle}</span>
          </h4>
          {section.rows.length === 0 ? (
            <p class="muted">No headers.</p>
          ) : (
            <table class="header-table">
              <tbody>
                {section.rows.map((row, i) => (
                  <HeaderLine key={i} row={row} />
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </div>
  );
}

function HeaderLine({ row }: { row: HeaderRow }) {
  const classes = [
    row.culprit ? 'hdr-culprit' : '',
    row.checked ? 'hdr-checked' : '',
    row.missing ? 'hdr-missing' : '',
  ].join(' ');
  return (
    <tr class={classes} data-culprit={row.culprit ? 'true' : undefined}>
      <th scope="row">
        {row.name}
        {row.culprit ? <span class="tag tag-culprit">culprit</span> : null}
        {row.byOverride ? <span class="tag tag-override">override</span> : null}
      </th>
      <td>{row.value}</td>
    </tr>
  );
}
