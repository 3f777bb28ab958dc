import type { DeskStatus } from "../../../../functions/api/upload-view";
import type { Diagnosis } from "../../../../schemas/diagnosis";
import type { Headline } from "../../../../schemas/feed";
import { type Desk, type DeskState, type Shown, sameFindings } from "../desk";
import { DICTIONARY, type Dictionary, type Lang } from "../i18n";
import { formatOf } from "../present";
import { ReportView } from "./report-view";

/** The pipeline's verdict on one upload, and the year's uploads with theirs. */

const statusText = (text: Dictionary, status: DeskStatus): string =>
  ({
    pending: text.pending,
    processing: text.processing,
    published: text.published,
    rejected: text.rejected,
    superseded: text.superseded,
    withdrawn: text.withdrawn,
    failed: text.failed,
  })[status];

const STATUS_MARK: Record<DeskStatus, string> = {
  pending: "…",
  processing: "…",
  published: "✔",
  rejected: "✖",
  superseded: "↻",
  withdrawn: "⊘",
  failed: "!",
};

export function Verdict({ desk, state, shown }: { desk: Desk; state: DeskState; shown: Shown }) {
  const { lang } = state;
  const text = DICTIONARY[lang];
  const { detail } = shown;
  const decided = detail && detail.status !== "pending" && detail.status !== "processing";
  return (
    <section class="panel verdict" aria-labelledby="verdict-title">
      <h2 id="verdict-title">
        {text.verdictTitle}
        {detail ? `：${detail.fileName}` : ""}
      </h2>
      {shown.error && (
        <p role="alert" class="problem">
          {shown.error[lang]}
        </p>
      )}
      <p role="status" class={`outcome ${detail?.status ?? "pending"}`}>
        {!detail && !shown.error && text.waiting}
        {detail && !decided && (shown.timedOut ? text.stillWaiting : text.waiting)}
        {detail && decided && (
          <>
            <span aria-hidden="true">{STATUS_MARK[detail.status]} </span>
            <strong>{statusText(text, detail.status)}</strong>
          </>
        )}
      </p>
      {detail?.status === "published" && (
        <>
          <p>{text.publishedNote}</p>
          {shown.headline && <HeadlineNumbers lang={lang} headline={shown.headline} />}
          {detail.reportUrl && (
            <p>
              <a href={detail.reportUrl} rel="noopener" target="_blank">
                {text.feedLink}
              </a>
            </p>
          )}
        </>
      )}
      {detail?.status === "rejected" && <p>{text.rejectedNote}</p>}
      {detail?.status === "failed" && <p>{text.failedNote}</p>}
      {detail?.status === "superseded" && <p>{text.supersededNote}</p>}
      {detail?.status === "withdrawn" && (
        <>
          <p>{text.withdrawnNote}</p>
          {detail.withdrawal && (
            <p>{text.withdrawalReason(detail.withdrawal.reason, when(lang, detail.withdrawal.at))}</p>
          )}
        </>
      )}
      {decided && shown.checked && (
        <p class="agreement">
          {sameFindings(shown.checked.validation.findings, detail.findings)
            ? text.sameAsBrowser
            : text.differsFromBrowser}
        </p>
      )}
      {decided && detail.findings.length > 0 && (
        <ReportView
          lang={lang}
          scope="server"
          findings={detail.findings}
          diagnosis={detail.diagnosis as Diagnosis | null}
          format={formatOf(
            shown.checked?.validation.format ?? null,
            detail.year,
            detail.diagnosis as Diagnosis | null,
          )}
          tables={null}
        />
      )}
      <div class="actions">
        {detail?.annotated && (
          <button type="button" onClick={() => void desk.downloadAnnotated(detail.uploadId!)}>
            {text.annotatedDownload}
          </button>
        )}
        <button type="button" class="secondary" onClick={() => desk.closeShown()}>
          {text.close}
        </button>
      </div>
    </section>
  );
}

/** A moment as the clerk's language writes it. */
const when = (lang: Lang, at: string | null) =>
  at ? new Date(at).toLocaleString(lang === "zh" ? "zh-CN" : "en", { hour12: false }) : "—";

function HeadlineNumbers({ lang, headline }: { lang: Lang; headline: Headline }) {
  const text = DICTIONARY[lang];
  return (
    <dl class="headline">
      {(Object.keys(text.headline) as (keyof Headline)[]).map((field) => (
        <div key={field}>
          <dt>{text.headline[field]}</dt>
          <dd>{headline[field].toLocaleString(lang === "zh" ? "zh-CN" : "en")}</dd>
        </div>
      ))}
    </dl>
  );
}

export function History({ desk, state }: { desk: Desk; state: DeskState }) {
  const { lang, history, year } = state;
  const text = DICTIONARY[lang];
  if (year === null) return null;
  const uploads = history?.year === year ? history.uploads : [];
  return (
    <section class="panel history" aria-labelledby="history-title">
      <button type="button" class="secondary" onClick={() => void desk.refreshHistory()}>
        {text.refresh}
      </button>
      <h2 id="history-title">{text.historyTitle(year)}</h2>
      {uploads.length === 0 ? (
        <p>{text.historyEmpty}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to scroll by keyboard
        <section class="scroll" aria-labelledby="history-title" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{text.historyFile}</th>
                <th scope="col">{text.historyAt}</th>
                <th scope="col">{text.historyStatus}</th>
                <th scope="col">{text.historyErrors}</th>
                <th scope="col">{text.historyWarnings}</th>
                <th scope="col">
                  <span class="sr-only">{text.historyShow}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {uploads.map((upload, index) => (
                <tr key={upload.uploadId ?? `bulk-${index}`}>
                  <th scope="row">{upload.fileName}</th>
                  <td>{when(lang, upload.uploadedAt ?? upload.issuedAt)}</td>
                  <td class={`status ${upload.status}`}>
                    <span aria-hidden="true">{STATUS_MARK[upload.status]} </span>
                    {statusText(text, upload.status)}
                  </td>
                  <td>{upload.errors}</td>
                  <td>{upload.warnings}</td>
                  <td>
                    {upload.uploadId && (
                      <button
                        type="button"
                        class="secondary"
                        aria-label={text.historyShowLabel(upload.fileName)}
                        onClick={() => void desk.follow(upload.uploadId!)}
                      >
                        {text.historyShow}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
