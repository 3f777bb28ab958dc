import { useRef, useState } from "preact/hooks";
import { lineCounts } from "../../../../functions/core/present/finding-lines";
import { formatForYear } from "../../../../schemas/formats";
import type { Desk, DeskState } from "../desk";
import { DICTIONARY } from "../i18n";
import { formatOf } from "../present";
import { templateFile, templateName } from "../templates";
import { Explanations } from "./explanations";
import { ReportView } from "./report-view";
import { History, Verdict } from "./verdict";

/**
 * The signed-in desk: the year, the blank template, checking and uploading a file, its outcome, the
 * published report's warnings to explain, the year's uploads.
 */

export function Workspace({ desk, state }: { desk: Desk; state: DeskState }) {
  const { lang, me, year } = state;
  const text = DICTIONARY[lang];
  if (!me || year === null) return null;
  const format = formatForYear(year);
  return (
    <>
      <section class="panel year" aria-labelledby="year-title">
        <h2 id="year-title" class="sr-only">
          {text.yearSection}
        </h2>
        <div class="field">
          <label for="year">{text.year}</label>
          <select
            id="year"
            value={String(year)}
            aria-describedby="year-note"
            onChange={(event) => void desk.chooseYear(Number(event.currentTarget.value))}
          >
            {me.years.map((option) => (
              <option key={option} value={String(option)}>
                {option}
              </option>
            ))}
          </select>
          <span id="year-note" class="hint">
            {format ? text.formatOf(format.name[lang]) : text.yearNote}
          </span>
        </div>
        {format && (
          <p class="template">
            <a href={templateFile(format)} download={templateName(format)}>
              {text.templateDownload(format.name[lang])}
            </a>
          </p>
        )}
      </section>
      {state.problem && (
        <p role="alert" class="problem page-problem">
          {state.problem[lang]}
        </p>
      )}
      <CheckSection desk={desk} state={state} />
      {state.shown && <Verdict desk={desk} state={state} shown={state.shown} />}
      <Explanations desk={desk} state={state} />
      <History desk={desk} state={state} />
    </>
  );
}

function CheckSection({ desk, state }: { desk: Desk; state: DeskState }) {
  const { lang, check, upload } = state;
  const text = DICTIONARY[lang];
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const pick = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file) void desk.check(file);
  };
  return (
    <section class="panel check" aria-labelledby="upload-title">
      <h2 id="upload-title">{text.uploadTitle}</h2>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping is a shortcut; the file input inside is the way for the keyboard */}
      <div
        class={`drop${over ? " over" : ""}`}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(event) => {
          event.preventDefault();
          setOver(false);
          pick(event.dataTransfer?.files);
        }}
      >
        <p>{over ? text.dropHere : text.dropNote}</p>
        <label class="button" for="file">
          {text.chooseFile}
        </label>
        <input
          ref={input}
          id="file"
          class="file-input"
          type="file"
          accept=".xlsx,.xls,.docx,.html,.htm,.mhtml,.mht"
          aria-describedby="privacy-note"
          onChange={(event) => {
            pick(event.currentTarget.files);
            event.currentTarget.value = "";
          }}
        />
        <p id="privacy-note" class="hint">
          {text.privacyNote}
        </p>
      </div>
      {check.status === "checking" && <p role="status">{text.checking}</p>}
      {check.status === "checked" && (
        <Checked desk={desk} state={state} chooseAnother={() => input.current?.click()} />
      )}
      {upload?.phase === "posting" && (
        <div class="progress">
          <label for="upload-progress">{text.uploading}</label>
          <progress id="upload-progress" max={100} value={Math.round(upload.progress * 100)}>
            {Math.round(upload.progress * 100)}%
          </progress>
          <span aria-hidden="true">{text.uploadProgress(Math.round(upload.progress * 100))}</span>
        </div>
      )}
      {upload?.phase === "failed" && (
        <p role="alert" class="problem">
          {upload.message[lang]}
        </p>
      )}
    </section>
  );
}

/**
 * The browser's check of the chosen file and what to do next. A file it cannot read at all makes choosing
 * another the primary action (uploading it anyway only brings the same finding back); a readable one with
 * errors may still be uploaded as it is, for the pipeline's verdict and the annotated copy.
 */
function Checked({
  desk,
  state,
  chooseAnother,
}: {
  desk: Desk;
  state: DeskState;
  chooseAnother: () => void;
}) {
  const { lang, check, upload, year } = state;
  const text = DICTIONARY[lang];
  if (check.status !== "checked" || year === null) return null;
  const { checked } = check;
  const { validation } = checked;
  // Counted as the lists show them, and as every other place counts: one per cell.
  const { errors, warnings } = lineCounts(validation.findings);
  const format = formatOf(validation.format, year, validation.diagnosis);
  const summary = !validation.readable
    ? text.unreadable
    : errors > 0
      ? text.checkErrors(errors)
      : warnings > 0
        ? text.checkOkWarnings(warnings)
        : text.checkOk;
  const busy = upload?.phase === "posting";
  return (
    <section class="result" aria-labelledby="check-title">
      <h3 id="check-title">{text.checkTitle}</h3>
      <p class="meta">
        {text.checkedIn(checked.fileName, checked.elapsedMs)}
        {validation.readable && format ? ` · ${text.formatYear(format.name[lang], validation.year)}` : ""}
      </p>
      <p role="status" class={`summary ${errors > 0 || !validation.readable ? "error" : "ok"}`}>
        <span aria-hidden="true">{errors > 0 || !validation.readable ? "✖ " : "✔ "}</span>
        {summary}
      </p>
      <ReportView
        lang={lang}
        scope="check"
        findings={validation.findings}
        diagnosis={validation.diagnosis}
        format={format}
        tables={validation.tables}
      />
      <div class="actions">
        {validation.readable ? (
          <>
            <button type="button" disabled={busy} onClick={() => void desk.upload()}>
              {errors > 0 ? text.uploadAnyway : text.upload}
            </button>
            <button type="button" class="secondary" disabled={busy} onClick={chooseAnother}>
              {text.uploadAgain}
            </button>
          </>
        ) : (
          <>
            <button type="button" disabled={busy} onClick={chooseAnother}>
              {text.uploadAgain}
            </button>
            <button type="button" class="secondary" disabled={busy} onClick={() => void desk.upload()}>
              {text.uploadAnyway}
            </button>
          </>
        )}
      </div>
    </section>
  );
}
