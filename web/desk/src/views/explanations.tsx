import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { placeText } from "../../../../schemas/finding";
import type { ExplainableWarning } from "../api";
import type { Desk, DeskState } from "../desk";
import { type SaveState, warningKey } from "../explaining";
import { DICTIONARY, type Lang } from "../i18n";

/**
 * The warnings of the department's published report, each with a field to explain it: the limit and a
 * counter, save, the saved text and its edit. Every text from the report or the clerk is rendered as text
 * (never as markup). A report replaced meanwhile is said plainly, with a reload.
 */

const when = (lang: Lang, at: string) =>
  new Date(at).toLocaleString(lang === "zh" ? "zh-CN" : "en", { hour12: false });

export function Explanations({ desk, state }: { desk: Desk; state: DeskState }) {
  const { lang, explain, year } = state;
  const text = DICTIONARY[lang];
  // The save pressed is disabled now: the focus goes to what to do next.
  const reload = useRef<HTMLButtonElement>(null);
  const replaced = explain?.status === "ready" && explain.replaced;
  useEffect(() => {
    if (replaced) reload.current?.focus();
  }, [replaced]);
  // Nothing while loading either: most departments have nothing to explain, and a flash would say otherwise.
  if (!explain || explain.year !== year || explain.status === "none" || explain.status === "loading")
    return null;
  return (
    <section class="panel explain" aria-labelledby="explain-title">
      <h2 id="explain-title">{text.explainTitle(explain.year)}</h2>
      {explain.status === "failed" && (
        <div role="alert" class="problem">
          <p>
            {text.explainLoadFailed}
            {explain.message[lang]}
          </p>
          <button type="button" class="secondary" onClick={() => void desk.explaining.load()}>
            {text.retry}
          </button>
        </div>
      )}
      {explain.status === "ready" && (
        <>
          <p>{text.explainNote}</p>
          <p class="meta">
            {text.explainVersion(explain.report.fileName, when(lang, explain.report.publishedAt))}
          </p>
          {explain.replaced && (
            <div role="alert" class="problem">
              <p>{text.explainReplaced}</p>
              <button
                ref={reload}
                type="button"
                onClick={() => void Promise.all([desk.explaining.load(), desk.refreshHistory()])}
              >
                {text.reloadExplanations}
              </button>
            </div>
          )}
          <ol class="explain-list">
            {explain.report.warnings.map((warning, index) => (
              <WarningExplainer
                key={warningKey(warning)}
                desk={desk}
                lang={lang}
                warning={warning}
                id={`explanation-${index + 1}`}
                saving={explain.saving[warningKey(warning)] ?? null}
                max={explain.report.maxTextChars}
                replaced={explain.replaced}
              />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function WarningExplainer(props: {
  desk: Desk;
  lang: Lang;
  warning: ExplainableWarning;
  id: string;
  saving: SaveState | null;
  max: number;
  replaced: boolean;
}) {
  const { desk, lang, warning, id, saving, max, replaced } = props;
  const text = DICTIONARY[lang];
  const [draft, setDraft] = useState(warning.explanation?.text ?? "");
  const [editing, setEditing] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const edit = useRef<HTMLButtonElement>(null);
  // Where the focus goes once the form opens or closes, so the keyboard is never left on nothing. Kept
  // until it is there to move to: on a busy machine an earlier render's effect may run only now, just
  // before the render that shows the field, and must not use the intent up on nothing.
  const focusNext = useRef<"field" | "edit" | null>(null);
  useEffect(() => {
    const target =
      focusNext.current === "field" ? field.current : focusNext.current === "edit" ? edit.current : null;
    if (!target) return;
    target.focus();
    focusNext.current = null;
  });
  const open = editing || !warning.explanation;
  // A form that opens by itself (a new version, the explanation not carried over) starts empty; one the
  // clerk was typing in keeps the text. Emptied before the page paints: an effect after the paint would
  // show the old version's text in the new version's field until the machine got round to it.
  const wasOpen = useRef(open);
  useLayoutEffect(() => {
    if (open && !wasOpen.current && !editing) setDraft("");
    wasOpen.current = open;
  }, [open]);
  const at = placeText(warning, lang) || null;
  const place = at ?? text.wholeFile;
  // Counted as the API counts: characters (not UTF-16 units) of the trimmed text.
  const count = [...draft.trim()].length;
  const over = count - max;
  const busy = saving?.phase === "saving";
  const save = async () => {
    await desk.explaining.save(warning, draft);
    const now = desk.state.explain;
    if (now?.status === "ready" && now.saving[warningKey(warning)]?.phase === "saved") {
      focusNext.current = "edit";
      setEditing(false);
    }
  };
  return (
    <li class="explain-item">
      <p class="finding">
        <span class="severity warning">{text.warning}</span> <span class="place">{place}</span>{" "}
        {warning.message[lang]}
      </p>
      {!open && warning.explanation && (
        <div class="explanation">
          <p class="explanation-by">{text.explanationBy(when(lang, warning.explanation.explainedAt))}</p>
          <p class="explanation-text">{warning.explanation.text}</p>
          <button
            ref={edit}
            type="button"
            class="secondary"
            aria-label={text.editExplanationLabel(at)}
            onClick={() => {
              setDraft(warning.explanation?.text ?? "");
              focusNext.current = "field";
              setEditing(true);
            }}
          >
            {text.editExplanation}
          </button>
        </div>
      )}
      {open && (
        <form
          class="explain-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (!busy && count > 0 && over <= 0 && !replaced) void save();
          }}
        >
          <label for={id}>{text.explanationLabel(at)}</label>
          <textarea
            ref={field}
            id={id}
            rows={3}
            value={draft}
            readOnly={replaced}
            aria-invalid={over > 0}
            aria-describedby={`${id}-limit ${id}-count`}
            onInput={(event) => setDraft(event.currentTarget.value)}
          />
          <p id={`${id}-limit`} class="hint">
            {text.explanationLimit(max)}
          </p>
          <p
            id={`${id}-count`}
            class={`count${over > 0 ? " over" : ""}`}
            role={over > 0 ? "status" : undefined}
          >
            {over > 0 ? text.explanationOver(over) : text.explanationCount(count, max)}
          </p>
          <div class="actions">
            <button type="submit" disabled={busy || count === 0 || over > 0 || replaced}>
              {busy ? text.savingExplanation : text.saveExplanation}
            </button>
            {warning.explanation && (
              <button
                type="button"
                class="secondary"
                onClick={() => {
                  focusNext.current = "edit";
                  setEditing(false);
                }}
              >
                {text.cancelEdit}
              </button>
            )}
          </div>
        </form>
      )}
      {saving?.phase === "saved" && !open && (
        <p role="status" class="saved">
          <span aria-hidden="true">✔ </span>
          {text.explanationSaved}
        </p>
      )}
      {saving?.phase === "failed" && (
        <div role="alert" class="problem">
          <p>{saving.message[lang]}</p>
          {saving.retry && (
            <button type="button" class="secondary" onClick={() => void save()}>
              {text.retry}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
