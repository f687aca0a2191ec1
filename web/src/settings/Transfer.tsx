import { useState, type FormEvent } from "react";
import { exportUrl, importTodos } from "../api/client";
import { describeError, toApiError } from "../api/errors";
import type { ImportReport } from "../api/types";

/** Export downloads and an import upload, with the import's report. */
export function Transfer({ onImported }: { onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<{ message: string; items: string[] } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      setReport(await importTodos(file));
      onImported();
    } catch (caught) {
      const failure = toApiError(caught);
      const items = failure.fieldErrors.map((e) => `${e.field}: ${e.message}`);
      setError({ message: `Nothing was imported. ${describeError(failure)}`, items: items.length > 1 ? items : [] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <section className="settings-section" aria-labelledby="export-heading">
        <h3 id="export-heading" className="settings-section__heading">
          Export
        </h3>
        <p className="settings-status">Every todo you have, to keep or to take to another app.</p>
        <div className="settings-actions">
          <a className="button" href={exportUrl("json")} download>
            Download JSON
          </a>
          <a className="button button--quiet" href={exportUrl("ics")} download>
            Download iCalendar (.ics)
          </a>
        </div>
      </section>
      <section className="settings-section" aria-labelledby="import-heading">
        <h3 id="import-heading" className="settings-section__heading">
          Import
        </h3>
        <form className="settings-import" onSubmit={(event) => void submit(event)}>
          <label htmlFor="import-file">
            Our JSON export, a Todoist CSV or an iCalendar file (at most 5 MiB). Importing a file again adds nothing new.
          </label>
          <input
            id="import-file"
            type="file"
            accept=".json,.csv,.ics,application/json,text/csv,text/calendar"
            onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
          />
          <div className="settings-actions">
            <button type="submit" className="button button--primary" disabled={!file || busy}>
              {busy ? "Importing…" : "Import"}
            </button>
          </div>
        </form>
        {report && (
          <div role="status" className="settings-report">
            <p>
              Imported {report.created.length} {report.created.length === 1 ? "todo" : "todos"}
              {report.skipped.length > 0 && `, skipped ${report.skipped.length}`}.
            </p>
            {report.skipped.length > 0 && (
              <ul aria-label="Skipped">
                {report.skipped.map((skip) => (
                  <li key={skip.item}>
                    {skip.item}: {skip.reason}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {error && (
          <div className="form-error settings-report" role="alert">
            <p>{error.message}</p>
            {error.items.length > 0 && (
              <ul>
                {error.items.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>
    </>
  );
}
