import type { Bilingual } from "../../../schemas/finding";
import {
  ApiFailure,
  type DeskApi,
  type ExplainableReport,
  type ExplainableWarning,
  SessionExpired,
} from "./api";
import { DICTIONARY } from "./i18n";

/**
 * Explaining the warnings of the department's published report: which report is counted now (from the
 * desk API, never a cached feed copy), and each explanation's save. A save names the version the clerk
 * saw, so a report a newer upload replaced meanwhile is refused (409) and the page says to reload rather
 * than the new version being explained unseen. Only warnings of that counted version are offered; errors
 * never are (a report with errors is not published).
 */

/** How one warning's explanation is being saved. */
export type SaveState =
  | { phase: "saving" }
  | { phase: "saved" }
  /** `retry`: the service could not be reached, so the same text may simply be sent again. */
  | { phase: "failed"; message: Bilingual; retry: boolean };

export type ExplainState =
  | { status: "loading"; year: number }
  /** Nothing is published for the year, or it was published without warnings. */
  | { status: "none"; year: number }
  | { status: "failed"; year: number; message: Bilingual }
  | {
      status: "ready";
      year: number;
      report: ExplainableReport;
      saving: Record<string, SaveState>;
      /** A save was refused because a newer upload replaced the report: reload before explaining. */
      replaced: boolean;
    };

/** A warning's key, as the API keeps its explanation: its rule and cell. */
export const warningKey = (warning: { rule: string; cell: string | null }) =>
  `${warning.rule}@${warning.cell ?? "-"}`;

/** What the explaining needs of the desk: its API, the year shown, its state, and the end of a sign-in. */
export interface ExplainHost {
  api(): DeskApi | null;
  year(): number | null;
  get(): ExplainState | null;
  set(state: ExplainState | null): void;
  expired(): void;
}

/** Still showing the version a save was sent for (other saves may have changed the state meanwhile). */
function sameVersion(
  state: ExplainState | null,
  report: ExplainableReport,
): state is ExplainState & { status: "ready" } {
  return state?.status === "ready" && state.year === report.year && state.report.order === report.order;
}

const networkFailed = (): Bilingual => ({ zh: DICTIONARY.zh.networkFailed, en: DICTIONARY.en.networkFailed });

export class Explaining {
  constructor(private readonly host: ExplainHost) {}

  /** Reads which report of the shown year is counted and its warnings' explanations. */
  async load(): Promise<void> {
    const api = this.host.api();
    const year = this.host.year();
    if (!api || year === null) return;
    const current = this.host.get();
    // A reload keeps what is shown until the answer comes (no flash of "loading" under the clerk's eyes).
    if (current?.year !== year || current.status !== "ready") this.host.set({ status: "loading", year });
    let report: ExplainableReport;
    try {
      report = await api.explainable(year);
    } catch (error) {
      if (this.host.year() !== year) return;
      if (error instanceof SessionExpired) return this.host.expired();
      if (error instanceof ApiFailure && error.code === "report.not_published")
        return this.host.set({ status: "none", year });
      const message = error instanceof ApiFailure ? error.text : networkFailed();
      return this.host.set({ status: "failed", year, message });
    }
    if (this.host.year() !== year) return;
    if (report.warnings.length === 0) return this.host.set({ status: "none", year });
    this.host.set({ status: "ready", year, report, saving: {}, replaced: false });
  }

  /** Saves the clerk's explanation of one warning of the report shown; it replaces an earlier one. */
  async save(warning: ExplainableWarning, text: string): Promise<void> {
    const api = this.host.api();
    const shown = this.host.get();
    if (!api || shown?.status !== "ready") return;
    const { report } = shown;
    const key = warningKey(warning);
    this.mark(report, key, { phase: "saving" });
    try {
      const saved = await api.explain({
        year: report.year,
        rule: warning.rule,
        cell: warning.cell,
        text,
        order: report.order,
      });
      const now = this.host.get();
      if (!sameVersion(now, report)) return;
      const explanation = { text: saved.text, explainedAt: new Date().toISOString() };
      this.host.set({
        ...now,
        report: {
          ...now.report,
          warnings: now.report.warnings.map((w) => (warningKey(w) === key ? { ...w, explanation } : w)),
        },
        saving: { ...now.saving, [key]: { phase: "saved" } },
      });
    } catch (error) {
      if (error instanceof SessionExpired) return this.host.expired();
      if (error instanceof ApiFailure && error.code === "report.changed") {
        const now = this.host.get();
        if (sameVersion(now, report)) {
          const { [key]: _, ...rest } = now.saving;
          this.host.set({ ...now, saving: rest, replaced: true });
        }
        return;
      }
      this.mark(report, key, {
        phase: "failed",
        message: error instanceof ApiFailure ? error.text : networkFailed(),
        retry: !(error instanceof ApiFailure),
      });
    }
  }

  private mark(report: ExplainableReport, key: string, saving: SaveState): void {
    const now = this.host.get();
    if (sameVersion(now, report)) this.host.set({ ...now, saving: { ...now.saving, [key]: saving } });
  }
}
