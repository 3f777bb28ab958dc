import { headline } from "../../../functions/core/feed/headline";
import type { Headline, ReportDoc } from "../../../schemas/feed";
import type { Bilingual, Finding } from "../../../schemas/finding";
import type { DeskConfig } from "../config";
import {
  ApiFailure,
  DeskApi,
  type Me,
  SessionExpired,
  sameRef,
  type UploadDetail,
  type UploadRef,
  type UploadSummary,
} from "./api";
import { type Checked, checkFile, loadCore } from "./check";
import { Explaining, type ExplainState } from "./explaining";
import { DICTIONARY, type Lang } from "./i18n";
import { PostRefused, postUpload } from "./post-upload";
import { Session, type SignInFailure } from "./session";

/**
 * The page's state and everything that changes it. The views render the state and call these actions;
 * the rules about reports live in the core, the rules about who may do what in the API: here is only the
 * order of things (sign in, check, upload, follow the verdict).
 */

export type Screen =
  | { kind: "loading" }
  | { kind: "config_failed" }
  | {
      kind: "signed_out";
      notice: "expired" | "signed_out" | null;
      failure: SignInFailure | null;
      busy: boolean;
    }
  | { kind: "new_password"; email: string; session: string; failure: SignInFailure | null; busy: boolean }
  | { kind: "desk" };

export type CheckState =
  | { status: "idle" }
  | { status: "checking"; fileName: string }
  | { status: "checked"; checked: Checked; file: File };

export type UploadState =
  | { phase: "posting"; fileName: string; progress: number }
  | { phase: "failed"; message: Bilingual }
  | null;

/** The upload whose outcome is shown: followed until the pipeline's verdict. */
export interface Shown {
  ref: UploadRef;
  detail: UploadDetail | null;
  error: Bilingual | null;
  /** Still waiting for the verdict. */
  following: boolean;
  /** Gave up waiting (the outcome comes later in the uploads list). */
  timedOut: boolean;
  /** The check of the same file in this browser, to compare the server's findings with. */
  checked: Checked | null;
  /** A published upload's headline numbers, as the feed publishes them. */
  headline: Headline | null;
}

export interface DeskState {
  lang: Lang;
  screen: Screen;
  config: DeskConfig | null;
  me: Me | null;
  year: number | null;
  check: CheckState;
  upload: UploadState;
  shown: Shown | null;
  history: { year: number; uploads: UploadSummary[] } | null;
  /** The warnings of the year's published report, to explain. */
  explain: ExplainState | null;
  /** A message for the whole page (the API refused something). */
  problem: Bilingual | null;
}

const LANG_KEY = "gongkai.desk.lang";
/** How often, and how long, an upload's status is asked for. */
const FOLLOW_INTERVAL_MS = 1000;
const FOLLOW_FOR_MS = 120_000;

type Listener = (state: DeskState) => void;

export class Desk {
  state: DeskState;
  private listeners = new Set<Listener>();
  private session: Session | null = null;
  private api: DeskApi | null = null;
  /** Explaining the published report's warnings (`explaining.ts`). */
  readonly explaining = new Explaining({
    api: () => this.api,
    year: () => this.state.year,
    get: () => this.state.explain,
    set: (explain) => this.set({ explain }),
    expired: () => this.signOut("expired"),
  });

  constructor(private readonly storage: { local: Storage; session: Storage }) {
    const stored = storage.local.getItem(LANG_KEY);
    this.state = {
      lang: stored === "en" ? "en" : "zh",
      screen: { kind: "loading" },
      config: null,
      me: null,
      year: null,
      check: { status: "idle" },
      upload: null,
      shown: null,
      history: null,
      explain: null,
      problem: null,
    };
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<DeskState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }

  /** The address the clerk signed in with. */
  get signedInEmail(): string {
    return this.session?.email ?? "";
  }

  setLang(lang: Lang): void {
    this.storage.local.setItem(LANG_KEY, lang);
    this.set({ lang });
  }

  /** Reads the config, then resumes the tab's sign-in if it has one. */
  async start(loadConfig: () => Promise<DeskConfig>): Promise<void> {
    let config: DeskConfig;
    try {
      config = await loadConfig();
    } catch {
      this.set({ screen: { kind: "config_failed" } });
      return;
    }
    this.session = new Session(config.cognito, this.storage.session);
    this.api = new DeskApi(config.api, this.session);
    this.set({ config });
    if (this.session.signedIn) await this.enter();
    else this.set({ screen: { kind: "signed_out", notice: null, failure: null, busy: false } });
  }

  async signIn(email: string, password: string): Promise<void> {
    this.set({ screen: { kind: "signed_out", notice: null, failure: null, busy: true } });
    const step = await this.session!.signIn(email.trim(), password);
    if (step.kind === "failed")
      this.set({ screen: { kind: "signed_out", notice: null, failure: step.failure, busy: false } });
    else if (step.kind === "new_password")
      this.set({
        screen: {
          kind: "new_password",
          email: step.email,
          session: step.session,
          failure: null,
          busy: false,
        },
      });
    else await this.enter();
  }

  async setNewPassword(password: string): Promise<void> {
    const screen = this.state.screen;
    if (screen.kind !== "new_password") return;
    this.set({ screen: { ...screen, failure: null, busy: true } });
    const step = await this.session!.setNewPassword(screen.email, screen.session, password);
    if (step.kind === "failed") {
      // An expired challenge session cannot be answered again: start over.
      const over = step.failure.kind === "wrong_credentials";
      this.set({
        screen: over
          ? { kind: "signed_out", notice: null, failure: step.failure, busy: false }
          : { ...screen, failure: step.failure, busy: false },
      });
    } else if (step.kind === "signed_in") await this.enter();
  }

  signOut(notice: "expired" | "signed_out" = "signed_out"): void {
    void this.session?.signOut();
    this.set({
      screen: { kind: "signed_out", notice, failure: null, busy: false },
      me: null,
      check: { status: "idle" },
      upload: null,
      shown: null,
      history: null,
      explain: null,
      problem: null,
    });
  }

  private async enter(): Promise<void> {
    const me = await this.guard(() => this.api!.me());
    if (!me) {
      if (this.state.screen.kind === "loading") this.signOut("expired");
      return;
    }
    const thisYear = new Date().getFullYear();
    // Reports are filed early in the year after: the year before this one, when it is open.
    const year = me.years.includes(thisYear - 1) ? thisYear - 1 : (me.years[0] ?? thisYear);
    this.set({ screen: { kind: "desk" }, me, year, problem: null });
    void loadCore();
    await Promise.all([this.refreshHistory(), this.explaining.load()]);
  }

  async chooseYear(year: number): Promise<void> {
    this.set({ year, check: { status: "idle" }, upload: null, shown: null, explain: null });
    await Promise.all([this.refreshHistory(), this.explaining.load()]);
  }

  async refreshHistory(): Promise<void> {
    const year = this.state.year;
    if (year === null) return;
    const listed = await this.guard(() => this.api!.listUploads(year));
    if (listed && this.state.year === year) this.set({ history: listed });
  }

  async check(file: File): Promise<void> {
    const { me, year, config } = this.state;
    if (!me || year === null || !config) return;
    this.set({ check: { status: "checking", fileName: file.name }, upload: null, shown: null });
    const checked = await checkFile(file, {
      department: me.department.id,
      departmentName: me.department.name,
      year,
      maxUploadBytes: config.maxUploadBytes,
      feed: config.feed,
    });
    this.set({ check: { status: "checked", checked, file } });
  }

  /** Issues the presigned POST, posts the file straight to S3, then follows the pipeline's verdict. */
  async upload(): Promise<void> {
    const { check, year } = this.state;
    if (check.status !== "checked" || year === null) return;
    const { file, checked } = check;
    this.set({ upload: { phase: "posting", fileName: file.name, progress: 0 }, shown: null });
    const issued = await this.guard(() =>
      this.api!.issueUpload({ year, fileName: file.name, size: file.size }),
    );
    if (!issued) {
      this.set({
        upload: { phase: "failed", message: this.state.problem ?? failedPost(0, null) },
        problem: null,
      });
      return;
    }
    try {
      await postUpload(issued, file, file.name, (fraction) =>
        this.set({ upload: { phase: "posting", fileName: file.name, progress: fraction } }),
      );
    } catch (error) {
      const refused = error instanceof PostRefused ? error : new PostRefused(0, null);
      this.set({ upload: { phase: "failed", message: failedPost(refused.status, refused.code) } });
      return;
    }
    this.set({ upload: null, check: { status: "idle" } });
    await this.follow({ uploadId: issued.uploadId }, checked);
  }

  /** Shows one upload's outcome, asking again until the pipeline has decided (or for two minutes). */
  async follow(ref: UploadRef, checked: Checked | null = null): Promise<void> {
    const started = Date.now();
    const stillShown = () => this.state.shown !== null && sameRef(this.state.shown.ref, ref);
    this.set({
      shown: {
        ref,
        detail: null,
        error: null,
        following: true,
        timedOut: false,
        checked,
        headline: null,
      },
    });
    void this.refreshHistory();
    for (;;) {
      if (!stillShown()) return;
      let detail: UploadDetail | null = null;
      try {
        detail = await this.api!.showUpload(ref);
      } catch (error) {
        if (error instanceof SessionExpired) return this.signOut("expired");
        const message = error instanceof ApiFailure ? error.text : failedPost(0, null);
        this.set({ shown: { ...this.state.shown!, error: message, following: false } });
        return;
      }
      if (!stillShown()) return;
      const decided = detail.status !== "pending" && detail.status !== "processing";
      const timedOut = !decided && Date.now() - started > FOLLOW_FOR_MS;
      this.set({ shown: { ...this.state.shown!, detail, following: !decided && !timedOut, timedOut } });
      if (decided || timedOut) {
        if (detail.status === "published" && detail.reportUrl) {
          const numbers = await headlineOf(detail.reportUrl);
          if (stillShown()) this.set({ shown: { ...this.state.shown!, headline: numbers } });
        }
        // A verdict may have changed which report is counted, and so what there is to explain.
        await Promise.all([this.refreshHistory(), this.explaining.load()]);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, FOLLOW_INTERVAL_MS));
    }
  }

  closeShown(): void {
    this.set({ shown: null });
  }

  /** Saves the annotated copy the pipeline made of a rejected workbook. */
  async downloadAnnotated(ref: UploadRef): Promise<void> {
    const file = await this.guard(() => this.api!.annotated(ref));
    if (!file) return;
    const url = URL.createObjectURL(file.blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = file.fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  /** Runs an API call; an expired sign-in signs out, a refusal becomes the page's problem. */
  private async guard<T>(call: () => Promise<T>): Promise<T | null> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof SessionExpired) this.signOut("expired");
      else if (error instanceof ApiFailure) this.set({ problem: error.text });
      else this.set({ problem: { zh: DICTIONARY.zh.networkFailed, en: DICTIONARY.en.networkFailed } });
      return null;
    }
  }
}

/** The headline numbers of a published report, computed from the feed's own document of it. */
async function headlineOf(reportUrl: string): Promise<Headline | null> {
  try {
    const response = await fetch(reportUrl);
    if (!response.ok) return null;
    const doc = (await response.json()) as ReportDoc;
    return headline(doc.format, doc.tables);
  } catch {
    return null;
  }
}

/** The same findings, as far as a clerk sees them: rule, severity, place and message, in order. */
export function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  const seen = (findings: readonly Finding[]) =>
    JSON.stringify(
      findings.map(({ rule, severity, sheet, cell, message }) => [rule, severity, sheet, cell, message]),
    );
  return seen(a) === seen(b);
}

function failedPost(status: number, code: string | null): Bilingual {
  const detail = status === 0 ? "" : ` (${status}${code ? ` ${code}` : ""})`;
  return {
    zh: `${DICTIONARY.zh.uploadFailed}${status === 0 ? DICTIONARY.zh.networkFailed : `存储服务拒收${detail}`}`,
    en: `${DICTIONARY.en.uploadFailed}${status === 0 ? DICTIONARY.en.networkFailed : `storage refused it${detail}`}`,
  };
}
